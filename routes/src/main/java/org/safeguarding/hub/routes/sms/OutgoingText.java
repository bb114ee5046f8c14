package org.safeguarding.hub.routes.sms;

/**
 * One text to one mobile number, covering one or more schools' deliveries of one message. {@link #reference()} is
 * what the hub gives Notify to find it by: its own id, no personal data.
 */
public record OutgoingText(long textId, long alertId, String mobile, String body) {

    public static final String REFERENCE_PREFIX = "sms-text-";

    public String reference() {
        return REFERENCE_PREFIX + textId;
    }
}
