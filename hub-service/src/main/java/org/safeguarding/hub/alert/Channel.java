package org.safeguarding.hub.alert;

/** How an alert reaches a school. */
public enum Channel {
    EMAIL("Email"), SMS("Text message (SMS)"), MIS("School MIS");

    private final String label;

    Channel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
