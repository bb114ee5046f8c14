package org.safeguarding.hub.routes.email;

/** What the email route needs from the application: the rendered email of a delivery, and the ledger. */
public interface EmailDeliveries {

    /**
     * Claims the delivery for this broker message and renders its email for the school; null when the ledger says
     * it needs no sending (already sent, failed or unreachable) or another message holds it: a broker redelivery or
     * a duplicate then sends nothing. The same message (same {@code brokerMessageId}) may claim again on redelivery.
     */
    OutgoingEmail prepare(long deliveryId, String brokerMessageId);

    void sent(long deliveryId);

    /** Accepted for some of the school's addresses and refused for others ({@code refusal} says which and why). */
    void sentPartly(long deliveryId, String refusal);

    /** A transient failure; the broker will redeliver after its backoff. */
    void retrying(long deliveryId, int attempt, String error);

    /** A permanent failure, or the last attempt. */
    void failed(long deliveryId, int attempts, String error);
}
