package org.safeguarding.hub.routes.fanout;

/** One delivery the fan-out has planned and now queues on its channel. */
public record DeliveryOrder(long deliveryId, long alertId, long urn, String channel) {
}
