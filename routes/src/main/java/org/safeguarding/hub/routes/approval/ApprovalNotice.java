package org.safeguarding.hub.routes.approval;

/**
 * One notice to one account about one alert, by email or text. It carries the alert's title, severity, reference and
 * a link to its page, never the alert's body: an approver reads that signed in.
 */
public record ApprovalNotice(long id, long alertId, String channel, String address, String subject, String body) {

    public static final String EMAIL = "EMAIL";
    public static final String SMS = "SMS";
    /** The reference Notify echoes: the notice's id, no personal data, and no school text's reference. */
    public static final String REFERENCE_PREFIX = "approval-notice-";

    public String reference() {
        return REFERENCE_PREFIX + id;
    }

    public boolean isText() {
        return SMS.equals(channel);
    }
}
