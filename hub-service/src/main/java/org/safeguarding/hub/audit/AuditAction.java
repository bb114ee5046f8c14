package org.safeguarding.hub.audit;

/** What someone did. Later issues add sends, acknowledgements and escalations. */
public enum AuditAction {
    ALERT_RAISED, ALERT_EDITED, ALERT_SUBMITTED, ALERT_APPROVED, ALERT_REJECTED, ALERT_CANCELLED,
    SCHOOLS_IMPORTED, CONTACTS_IMPORTED,
    SIGNED_IN, SIGN_IN_FAILED,
    ACCOUNT_CREATED, ACCOUNT_DISABLED, ACCOUNT_ENABLED, PASSWORD_CHANGED
}
