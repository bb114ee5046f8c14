package org.safeguarding.hub.ops;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.delivery.LedgerText;
import org.safeguarding.hub.delivery.SendingProgress;
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Messages the broker (or a channel route that gave up) parked on a hub queue's dead-letter queue, for ops to read,
 * re-drive or discard: the hub's own audited action, so nobody needs to move queue messages through JMX. A re-drive
 * puts the message's deliveries back to QUEUED (their attempts and last error kept) and its body back on the queue
 * it came from, where the channel route sends them once; a delivery of an alert cancelled since is left as it is.
 */
@Service
public class DeadLetters {

    /** Listing browses the queue: beyond this many a person acts on the first ones, not on a longer page. */
    static final int LISTED = 1000;
    private static final String REASON = "deadLetterReason";

    /** One parked message: what it carried, why it was parked, and the deliveries it holds (none for an alert). */
    public record Parked(String id, OffsetDateTime parkedAt, String reason, String body, Long alertId,
            List<ParkedDelivery> deliveries) {
    }

    public record ParkedDelivery(long id, long alertId, String reference, Long urn, String channel, String status,
            int attempts, String lastError) {
    }

    public record DeadLetterQueue(String queue, String origin, List<Parked> messages) {
    }

    /** What a re-drive or discard did. */
    public record Outcome(int messages, int deliveries, List<String> notFound) {
    }

    private final ConnectionFactory broker;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final AlertService alerts;
    private final SendingProgress progress;
    private final AuditTrail audit;
    private final Clock clock;
    private final String deadLetterAddress;

    DeadLetters(ConnectionFactory broker, JdbcClient jdbc, TransactionTemplate transaction, AlertService alerts,
            SendingProgress progress, AuditTrail audit, Clock clock, HubProperties hub) {
        this.progress = progress;
        this.broker = broker;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.alerts = alerts;
        this.audit = audit;
        this.clock = clock;
        this.deadLetterAddress = hub.broker().deadLetterAddress();
    }

    /** Every hub queue's dead-letter queue with (up to {@value #LISTED} of) its messages. */
    public List<DeadLetterQueue> list() {
        List<DeadLetterQueue> queues = new ArrayList<>();
        for (String origin : HubQueues.ALL) {
            queues.add(new DeadLetterQueue(HubQueues.deadLetterQueueOf(origin), origin, browse(origin)));
        }
        return queues;
    }

    /**
     * The hub queue whose dead letters {@code name} means: the queue itself ({@code hub.deliveries.email}) or its
     * dead-letter queue ({@code DLQ.hub.deliveries.email}); empty when it is neither.
     */
    public static Optional<String> originOf(String name) {
        return HubQueues.ALL.stream()
                .filter(queue -> queue.equals(name) || HubQueues.deadLetterQueueOf(queue).equals(name)).findFirst();
    }

    /** Re-drives the chosen messages of {@code origin}'s dead-letter queue, or all of them when {@code ids} is empty. */
    public Outcome redrive(String origin, Collection<String> ids) {
        return take(origin, ids, (session, message) -> {
            String body = ((TextMessage) message).getText();
            int requeued = origin.equals(HubQueues.ALERTS_APPROVED) ? 0 : requeue(origin, body, message.getJMSMessageID());
            TextMessage again = session.createTextMessage(body);
            for (String header : List.of("alertId", "event")) {
                if (message.propertyExists(header)) {
                    again.setStringProperty(header, message.getStringProperty(header));
                }
            }
            try (var producer = session.createProducer(session.createQueue(origin))) {
                producer.send(again);
            }
            Long alertId = origin.equals(HubQueues.ALERTS_APPROVED) ? parseLong(body) : null;
            if (alertId != null) {
                auditAlerts(AuditAction.DEAD_LETTERS_REDRIVEN, Set.of(alertId),
                        "re-drove the approved alert from " + HubQueues.deadLetterQueueOf(origin));
            }
            return requeued;
        });
    }

    /**
     * Removes the chosen messages for good, with the reason. Their deliveries that gave up stay FAILED; any the broker
     * parked still unsent (QUEUED or RETRYING) become FAILED with the reason, so their alert can finish.
     */
    public Outcome discard(String origin, Collection<String> ids, String reason) {
        return take(origin, ids, (session, message) -> {
            String body = ((TextMessage) message).getText();
            String detail = "discarded message " + message.getJMSMessageID() + " from "
                    + HubQueues.deadLetterQueueOf(origin) + " (" + body + "): " + reason;
            if (origin.equals(HubQueues.ALERTS_APPROVED)) {
                Long alertId = parseLong(body);
                auditAlerts(AuditAction.DEAD_LETTERS_DISCARDED, alertId == null ? Set.of() : Set.of(alertId), detail);
                return 0;
            }
            List<Long> deliveryIds = DeliveryBatch.parse(body).deliveryIds();
            return transaction.execute(status -> {
                int failed = jdbc.sql("""
                        update delivery set status = 'FAILED', last_error = :why, claimed_by = null, updated_at = :now
                        where id in (:ids) and status in ('QUEUED', 'RETRYING')""")
                        .param("why", LedgerText.fit("Not sent: discarded from the dead-letter queue by ops: " + reason))
                        .param("now", OffsetDateTime.now(clock)).param("ids", deliveryIds).update();
                Set<Long> alertIds = alertsOf(deliveryIds);
                progress.completeIfDone(alertIds);
                auditAlerts(AuditAction.DEAD_LETTERS_DISCARDED, alertIds, detail);
                return failed;
            });
        });
    }

    private interface Action {
        /** Acts on a message taken off the dead-letter queue in {@code session}; how many deliveries it re-queued. */
        int on(Session session, Message message) throws JMSException;
    }

    /**
     * Takes each chosen message off the dead-letter queue in a broker transaction of its own and commits it once
     * {@code action} is done: a failure leaves that message parked (and what the database did for it is harmless:
     * deliveries back to QUEUED without a message are re-queued by the next re-drive or the claim sweeper).
     */
    private Outcome take(String origin, Collection<String> ids, Action action) {
        List<String> chosen = ids.isEmpty() ? browse(origin).stream().map(Parked::id).toList() : List.copyOf(ids);
        int messages = 0;
        int deliveries = 0;
        List<String> notFound = new ArrayList<>();
        try (Connection connection = broker.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            connection.start();
            Queue parked = session.createQueue(fqqn(origin));
            for (String id : chosen) {
                try (MessageConsumer consumer = session.createConsumer(parked, "JMSMessageID = '" + quoted(id) + "'")) {
                    Message message = consumer.receive(2_000);
                    if (message == null) {
                        notFound.add(id);
                        continue;
                    }
                    deliveries += action.on(session, message);
                    session.commit();
                    messages++;
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("the broker refused: " + e.getMessage(), e);
        }
        return new Outcome(messages, deliveries, notFound);
    }

    /** The batch's deliveries go back to QUEUED, their alerts back to SENDING; audited per alert. */
    private int requeue(String origin, String body, String messageId) {
        List<Long> ids = DeliveryBatch.parse(body).deliveryIds();
        return transaction.execute(status -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            int requeued = jdbc.sql("""
                    update delivery set status = 'QUEUED', claimed_by = null, updated_at = :now
                    where id in (:ids) and status in ('FAILED', 'QUEUED', 'RETRYING')
                      and alert_id in (select id from alert where status <> 'CANCELLED')""")
                    .param("ids", ids).param("now", now).update();
            Set<Long> alertIds = alertsOf(ids);
            // SENDING again only where something is to be sent: a delivery of an alert cancelled since stays as it is
            jdbc.sql("select distinct alert_id from delivery where id in (:ids) and status = 'QUEUED'")
                    .param("ids", ids).query(Long.class).list().forEach(alerts::resumeSending);
            auditAlerts(AuditAction.DEAD_LETTERS_REDRIVEN, alertIds, "re-drove message " + messageId + " from "
                    + HubQueues.deadLetterQueueOf(origin) + ": " + requeued + " of " + ids.size()
                    + " deliveries queued again (" + body + ")");
            return requeued;
        });
    }

    private void auditAlerts(AuditAction action, Set<Long> alertIds, String detail) {
        alertIds.forEach(alertId -> audit.record(action, AuditEvent.ALERT, alertId, detail));
    }

    private Set<Long> alertsOf(List<Long> deliveryIds) {
        return new TreeSet<>(jdbc.sql("select distinct alert_id from delivery where id in (:ids)")
                .param("ids", deliveryIds).query(Long.class).list());
    }

    private List<Parked> browse(String origin) {
        List<Parked> parked = new ArrayList<>();
        try (Connection connection = broker.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                QueueBrowser browser = session.createBrowser(session.createQueue(fqqn(origin)))) {
            connection.start();
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements() && parked.size() < LISTED) {
                parked.add(describe(origin, (Message) messages.nextElement()));
            }
        } catch (JMSException e) {
            throw new IllegalStateException("the broker refused: " + e.getMessage(), e);
        }
        return parked;
    }

    private Parked describe(String origin, Message message) throws JMSException {
        String body = message instanceof TextMessage text ? text.getText() : null;
        String reason = message.propertyExists(REASON) ? message.getStringProperty(REASON)
                : "the broker gave up after its delivery attempts (hub.broker.max-delivery-attempts)";
        OffsetDateTime parkedAt = Instant.ofEpochMilli(message.getJMSTimestamp()).atOffset(ZoneOffset.UTC);
        if (body == null) {
            return new Parked(message.getJMSMessageID(), parkedAt, reason, null, null, List.of());
        }
        if (origin.equals(HubQueues.ALERTS_APPROVED)) {
            return new Parked(message.getJMSMessageID(), parkedAt, reason, body, parseLong(body), List.of());
        }
        List<ParkedDelivery> deliveries;
        try {
            deliveries = deliveries(DeliveryBatch.parse(body).deliveryIds());
        } catch (RuntimeException unreadable) {
            deliveries = List.of();
        }
        return new Parked(message.getJMSMessageID(), parkedAt, reason, body, null, deliveries);
    }

    private List<ParkedDelivery> deliveries(List<Long> ids) {
        return jdbc.sql("""
                select d.id, d.alert_id, a.reference, d.urn, d.channel, d.status, d.attempts, d.last_error
                from delivery d join alert a on a.id = d.alert_id where d.id in (:ids) order by d.id""")
                .param("ids", ids)
                .query((rs, n) -> new ParkedDelivery(rs.getLong("id"), rs.getLong("alert_id"), rs.getString("reference"),
                        rs.getObject("urn", Long.class), rs.getString("channel"), rs.getString("status"),
                        rs.getInt("attempts"), rs.getString("last_error")))
                .list();
    }

    private String fqqn(String origin) {
        return deadLetterAddress + "::" + HubQueues.deadLetterQueueOf(origin);
    }

    private static Long parseLong(String body) {
        try {
            return Long.parseLong(body.trim());
        } catch (NumberFormatException notAnAlert) {
            return null;
        }
    }

    /** A message id inside a selector's quotes: ids are ID:&lt;uuid&gt;, but a typed one must not break out. */
    private static String quoted(String id) {
        return id.replace("'", "''");
    }
}
