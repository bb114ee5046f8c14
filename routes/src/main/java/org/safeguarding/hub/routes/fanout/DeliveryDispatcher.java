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
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.routes.outbox.OutboxRelayRoute;

/**
 * Puts a batch of planned deliveries on their channel queues in one broker transaction: one blocking persistent send
 * per message manages about 200 messages/s on this disk, a transaction per batch thousands. Each message carries up
 * to {@code deliveriesPerMessage} deliveries of one channel ({@link DeliveryBatch}) and a duplicate-detection id, so
 * a batch sent again after a crash queues nothing twice.
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

    /** @return how many deliveries were queued */
    public int dispatch(List<DeliveryOrder> orders) throws JMSException {
        Map<String, List<DeliveryOrder>> byChannel = new LinkedHashMap<>();
        orders.forEach(order -> byChannel.computeIfAbsent(order.channel(), c -> new ArrayList<>()).add(order));
        try (Connection connection = connectionFactory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            for (var channel : byChannel.entrySet()) {
                try (MessageProducer producer = session.createProducer(session.createQueue(queueOf(channel.getKey())))) {
                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    List<DeliveryOrder> deliveries = channel.getValue();
                    for (int from = 0; from < deliveries.size(); from += deliveriesPerMessage) {
                        List<DeliveryOrder> part = deliveries.subList(from,
                                Math.min(from + deliveriesPerMessage, deliveries.size()));
                        DeliveryBatch batch = new DeliveryBatch(part.stream().map(DeliveryOrder::deliveryId).toList());
                        TextMessage message = session.createTextMessage(batch.body());
                        message.setStringProperty(OutboxRelayRoute.DUPLICATE_ID, batch.duplicateId());
                        message.setLongProperty("alertId", part.get(0).alertId());
                        producer.send(message);
                    }
                }
            }
            session.commit();
        }
        return orders.size();
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
