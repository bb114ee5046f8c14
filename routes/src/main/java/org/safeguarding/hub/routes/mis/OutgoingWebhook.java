package org.safeguarding.hub.routes.mis;

/**
 * One webhook of one MIS delivery: the JSON {@code body} to POST to the school's endpoint {@code url}, signed with its
 * {@code secret}. {@code webhookId} is the same on every attempt, so the receiver can tell a retry from a new message.
 * {@code attemptsBefore} counts the attempts the ledger has recorded already.
 */
public record OutgoingWebhook(long deliveryId, long alertId, long urn, String url, String secret, String webhookId,
        String body, int attemptsBefore) {

    /** Never the secret: records end up in logs. */
    @Override
    public String toString() {
        return "OutgoingWebhook[delivery " + deliveryId + ", URN " + urn + ", " + url + ", id " + webhookId + "]";
    }
}
