package org.safeguarding.hub.routes.fanout;

/** One delivery the fan-out or the chase has planned and now queues on its channel. */
public record DeliveryOrder(long deliveryId, long alertId, String channel) {
}
