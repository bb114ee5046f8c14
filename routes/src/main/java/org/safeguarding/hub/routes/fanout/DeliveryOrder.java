package org.safeguarding.hub.routes.fanout;

/**
 * One message on a channel queue: which delivery to make. Deliberately small; the channel route reads the rest
 * (alert, school, contacts) from the ledger when it sends, so a message never carries stale or personal data.
 */
public record DeliveryOrder(long deliveryId, long alertId, long urn, String channel) {

    /** Artemis duplicate-detection id: re-dispatching after a crash queues each delivery once. */
    public String duplicateId() {
        return "delivery-" + deliveryId;
    }
}
