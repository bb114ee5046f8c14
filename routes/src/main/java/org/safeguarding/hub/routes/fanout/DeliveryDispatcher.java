package org.safeguarding.hub.routes.fanout;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.routes.outbox.OutboxRelayRoute;

/**
 * Puts a batch of planned deliveries on their channel queues in one broker transaction: one blocking persistent send
 * per message manages about 200 messages/s on this disk, a transaction per batch thousands. Each message carries up
 * to {@code deliveriesPerMessage} deliveries of one channel ({@link DeliveryBatch}) and a duplicate-detection id, so
 * a batch sent again after a crash is refused by the broker instead of queued twice; the batches around it are
 * still queued.
 */
public class DeliveryDispatcher {

    private final ConnectionFactory connectionFactory;
    private final int deliveriesPerMessage;

    public DeliveryDispatcher(ConnectionFactory connectionFactory, int deliveriesPerMessage) {
        if (deliveriesPerMessage < 1 || deliveriesPerMessage > DeliveryBatch.MAX_DELIVERIES) {
            throw new IllegalArgumentException("deliveries per message must be 1 to " + DeliveryBatch.MAX_DELIVERIES);
        }
        this.connectionFactory = connectionFactory;
        this.deliveriesPerMessage = deliveriesPerMessage;
    }

    /** @return how many deliveries were queued, or were on their queue already */
    public int dispatch(List<DeliveryOrder> orders) throws JMSException {
        return dispatch(orders, "");
    }

    /**
     * As {@link #dispatch(List)}, with {@code round} added to each duplicate-detection id: deliveries queued again on
     * purpose (their message was lost) must not be refused as the repeat of their first message.
     */
    public int dispatch(List<DeliveryOrder> orders, String round) throws JMSException {
        if (orders.isEmpty()) {
            return 0;
        }
        List<Parcel> parcels = parcels(orders, round);
        try {
            send(parcels);
        } catch (JMSException refused) {
            if (!isRepeat(refused)) {
                throw refused;
            }
            // Artemis refuses a whole transaction that holds a message it has seen: some of these batches were queued
            // before a crash (or by another instance). Queue the rest one by one; each repeat is refused on its own.
            for (Parcel parcel : parcels) {
                try {
                    send(List.of(parcel));
                } catch (JMSException repeat) {
                    if (!isRepeat(repeat)) {
                        throw repeat;
                    }
                }
            }
        }
        return orders.size();
    }

    /** One message to be: a batch of one channel's deliveries of one alert. */
    private record Parcel(String queue, long alertId, DeliveryBatch batch, String duplicateId) {
    }

    private List<Parcel> parcels(List<DeliveryOrder> orders, String round) {
        Map<String, List<DeliveryOrder>> byChannel = new LinkedHashMap<>();
        orders.forEach(order -> byChannel.computeIfAbsent(order.channel(), c -> new ArrayList<>()).add(order));
        List<Parcel> parcels = new ArrayList<>();
        byChannel.forEach((channel, deliveries) -> {
            for (int from = 0; from < deliveries.size(); from += deliveriesPerMessage) {
                List<DeliveryOrder> part = deliveries.subList(from, Math.min(from + deliveriesPerMessage, deliveries.size()));
                DeliveryBatch batch = new DeliveryBatch(part.stream().map(DeliveryOrder::deliveryId).toList());
                parcels.add(new Parcel(queueOf(channel), part.get(0).alertId(), batch, batch.duplicateId() + round));
            }
        });
        return parcels;
    }

    private void send(List<Parcel> parcels) throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(null)) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Parcel parcel : parcels) {
                TextMessage message = session.createTextMessage(parcel.batch().body());
                message.setStringProperty(OutboxRelayRoute.DUPLICATE_ID, parcel.duplicateId());
                message.setLongProperty("alertId", parcel.alertId());
                producer.send(session.createQueue(parcel.queue()), message);
            }
            session.commit();
        }
    }

    private static boolean isRepeat(JMSException refused) {
        Throwable t = refused;
        for (int depth = 0; t != null && depth < 10; depth++) {
            if (t instanceof ActiveMQDuplicateIdException) {
                return true;
            }
            t = t.getCause() != null ? t.getCause() : t instanceof JMSException jms ? jms.getLinkedException() : null;
        }
        return false;
    }

    static String queueOf(String channel) {
        return switch (channel) {
            case "EMAIL" -> HubQueues.DELIVERIES_EMAIL;
            case "SMS" -> HubQueues.DELIVERIES_SMS;
            case "MIS" -> HubQueues.DELIVERIES_MIS;
            default -> throw new IllegalArgumentException("No queue for channel " + channel);
        };
    }
}
