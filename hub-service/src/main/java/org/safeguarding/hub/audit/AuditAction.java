package org.safeguarding.hub.audit;

/** What someone (or the hub itself, as "system") did. */
public enum AuditAction {
    ALERT_RAISED, ALERT_EDITED, ALERT_SUBMITTED, ALERT_APPROVED, ALERT_REJECTED, ALERT_CANCELLED, ALERT_SENDING, ALERT_SENT, ALERT_ACKNOWLEDGED,
    ALERT_UPDATE_RAISED, ALERT_UPDATE_APPROVED, ALERT_DISCARDED, ALERT_RESOLVE_RAISED, ALERT_RESOLVE_APPROVED,
    SCHOOLS_REMINDED, SCHOOLS_ESCALATED,
    SCHOOLS_IMPORTED, CONTACTS_IMPORTED, MIS_ENDPOINTS_IMPORTED, MIS_ENDPOINT_DISABLED,
    SIGNED_IN, SIGN_IN_FAILED, SIGN_IN_THROTTLED,
    ACCOUNT_CREATED, ACCOUNT_DISABLED, ACCOUNT_ENABLED, PASSWORD_CHANGED,
    DEAD_LETTERS_REDRIVEN, DEAD_LETTERS_DISCARDED,
    RETENTION_RUN,
    DELIVERIES_EXPORTED, AUDIT_EXPORTED;

    /** As people read it on pages, e.g. "Alert approved". */
    public String label() {
        String words = name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
