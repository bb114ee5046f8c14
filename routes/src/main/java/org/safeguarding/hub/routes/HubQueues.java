package org.safeguarding.hub.routes;

import java.util.List;

/**
 * The broker addresses the hub's flow runs through (anycast queues). Every name starts with {@code hub.} so one
 * address-settings match ({@link #FAMILY_MATCH}) gives each of them a dead-letter and an expiry queue.
 */
public final class HubQueues {

    /** Artemis wildcard that matches every hub queue. */
    public static final String FAMILY_MATCH = "hub.#";

    /** Approved alerts, published by the outbox relay. */
    public static final String ALERTS_APPROVED = "hub.alerts.approved";
    /** Batches of deliveries ({@link DeliveryBatch}), one queue per channel, consumed by its delivery route. */
    public static final String DELIVERIES_EMAIL = "hub.deliveries.email";
    public static final String DELIVERIES_SMS = "hub.deliveries.sms";
    public static final String DELIVERIES_MIS = "hub.deliveries.mis";

    public static final List<String> ALL = List.of(ALERTS_APPROVED, DELIVERIES_EMAIL, DELIVERIES_SMS, DELIVERIES_MIS);

    private HubQueues() {
    }

    /** The queue where the broker parks messages from {@code queue} that could not be delivered. */
    public static String deadLetterQueueOf(String queue) {
        return "DLQ." + queue;
    }
}
