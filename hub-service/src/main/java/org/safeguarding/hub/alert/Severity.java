package org.safeguarding.hub.alert;

/** CAP 1.2 severities, in the hub's spelling. */
public enum Severity {
    EXTREME("Extreme"), SEVERE("Severe"), MODERATE("Moderate"), MINOR("Minor");

    private final String cap;

    Severity(String cap) {
        this.cap = cap;
    }

    public String cap() {
        return cap;
    }

    public String label() {
        return cap;
    }
}
