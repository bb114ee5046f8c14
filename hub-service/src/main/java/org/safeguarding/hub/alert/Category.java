package org.safeguarding.hub.alert;

/** What an alert is about. Each maps onto a CAP 1.2 category for partner systems. */
public enum Category {
    ONLINE_SAFETY("Online safety", "Safety"),
    CHILD_EXPLOITATION("Child exploitation", "Safety"),
    MISSING_CHILD("Missing child", "Rescue"),
    SERIOUS_VIOLENCE("Serious violence", "Security"),
    RADICALISATION("Radicalisation", "Security"),
    COMMUNITY_SAFETY("Community safety", "Safety"),
    HEALTH_PROTECTION("Health protection", "Health"),
    OTHER("Other", "Other");

    private final String label;
    private final String capCategory;

    Category(String label, String capCategory) {
        this.label = label;
        this.capCategory = capCategory;
    }

    public String label() {
        return label;
    }

    public String capCategory() {
        return capCategory;
    }
}
