package org.safeguarding.hub.delivery.sms;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.safeguarding.hub.delivery.SendingProgress;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.routes.sms.NotifyFailure;
import org.safeguarding.hub.routes.sms.NotifySender;
import org.safeguarding.hub.routes.sms.OutgoingText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What Notify says became of a text, from its delivery receipt (or, when none came, from asking it): delivered →
 * DELIVERED; permanent-failure or temporary-failure → FAILED with the reason; technical-failure → sent once more, then
 * FAILED. Only a SENT text moves, so receipts out of order or twice change nothing final. A receipt for a text the hub
 * has not finished recording is {@link Outcome#NOT_YET}: the API answers 5xx and Notify tries again (a 404 would
 * lose it).
 */
@Component
public class SmsReceipts {

    private static final Logger LOG = LoggerFactory.getLogger(SmsReceipts.class);

    public enum Outcome { RECORDED, NOT_YET }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final SendingProgress progress;
    private final SmsTexts texts;
    private final ObjectProvider<NotifySender> notify;
    private final ObjectProvider<ProducerTemplate> producer;
    private final SmsProperties sms;
    private final Clock clock;

    SmsReceipts(JdbcClient jdbc, TransactionTemplate transaction, SendingProgress progress,
            SmsTexts texts, ObjectProvider<NotifySender> notify,
            ObjectProvider<ProducerTemplate> producer, SmsProperties sms, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.progress = progress;
        this.texts = texts;
        this.notify = notify;
        this.producer = producer;
        this.sms = sms;
        this.clock = clock;
    }

    private record Text(long id, long alertId, String status, String notificationId, int resends) {
    }

    /** @param reference the hub's own reference sent with the text ("sms-text-&lt;id&gt;"), when Notify echoes it */
    public Outcome receive(String notificationId, String reference, String status) {
        Optional<Long> resend = Optional.empty();
        Outcome outcome;
        Optional<Text> text = find("notification_id = :key", notificationId);
        if (text.isEmpty()) {
            Optional<Text> byReference = textId(reference).flatMap(id -> find("id = :key", id));
            // a text being sent has no notification id yet: its receipt comes back after Notify's retry
            if (byReference.isEmpty() || byReference.get().notificationId() == null) {
                LOG.info("Receipt for notification {} ({}) before the hub recorded it: Notify will try again",
                        notificationId, reference);
                return Outcome.NOT_YET;
            }
            return Outcome.RECORDED; // a receipt for the notification a technical failure replaced
        }
        outcome = Outcome.RECORDED;
        resend = transaction.execute(tx -> apply(text.get(), status));
        resend.ifPresent(this::queueAgain);
        return outcome;
    }

    /** @return the text, when it is to be sent again */
    private Optional<Long> apply(Text text, String status) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String newStatus;
        String why = null;
        switch (status == null ? "" : status) {
            case "delivered" -> newStatus = "DELIVERED";
            case "permanent-failure" -> {
                newStatus = "FAILED";
                why = "Notify: permanent-failure (the provider could not deliver it: the number may not exist)";
            }
            case "temporary-failure" -> {
                newStatus = "FAILED";
                why = "Notify: temporary-failure (the phone was off or out of reach until Notify gave up)";
            }
            case "technical-failure" -> {
                if (text.resends() == 0) {
                    int again = jdbc.sql("""
                            update sms_text set status = 'QUEUED', resends = resends + 1, notification_id = null,
                              sent_at = null, claimed_by = null, updated_at = :now,
                              last_error = 'Notify: technical-failure; sent once more'
                            where id = :id and status = 'SENT' and notification_id = :nid""")
                            .param("now", now).param("id", text.id()).param("nid", text.notificationId()).update();
                    if (again == 1) {
                        texts.mirror(List.of(text.id()), now);
                        return Optional.of(text.id());
                    }
                    return Optional.empty();
                }
                newStatus = "FAILED";
                why = "Notify: technical-failure, also when sent once more";
            }
            default -> {
                return Optional.empty(); // created, sending, pending: not an outcome yet
            }
        }
        int moved = jdbc.sql("""
                update sms_text set status = :status, last_error = coalesce(:why, last_error), updated_at = :now
                where id = :id and status = 'SENT'""")
                .param("status", newStatus).param("why", why).param("now", now).param("id", text.id()).update();
        if (moved == 1) {
            texts.mirror(List.of(text.id()), now);
            progress.completeIfDone(List.of(text.alertId()));
        }
        return Optional.empty();
    }

    /** Queues one of the text's deliveries: the SMS route's claim takes the text, whichever delivery it comes by. */
    private void queueAgain(long textId) {
        Long deliveryId = jdbc.sql("select min(id) from delivery where sms_text_id = :id").param("id", textId)
                .query(Long.class).single();
        producer.getObject().sendBody("jms:queue:" + HubQueues.DELIVERIES_SMS, String.valueOf(deliveryId));
    }

    /**
     * Texts Notify accepted more than {@code hub.sms.receipt-timeout} ago whose receipt has not come: asks Notify
     * ({@code GET /v2/notifications/{id}}) and records what it says; asks again after another timeout if still open.
     */
    public void checkOverdue() {
        NotifySender sender = notify.getIfAvailable();
        if (sender == null) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime before = now.minus(sms.receiptTimeout());
        List<Text> overdue = jdbc.sql("""
                select id, alert_id, status, notification_id, resends from sms_text
                where status = 'SENT' and sent_at < :before and (checked_at is null or checked_at < :before)
                order by sent_at fetch first 100 rows only""")
                .param("before", before)
                .query((rs, n) -> new Text(rs.getLong("id"), rs.getLong("alert_id"), rs.getString("status"),
                        rs.getString("notification_id"), rs.getInt("resends")))
                .list();
        for (Text text : overdue) {
            try {
                String status = sender.status(text.notificationId());
                jdbc.sql("update sms_text set checked_at = :now where id = :id").param("now", now)
                        .param("id", text.id()).update();
                receive(text.notificationId(), null, status);
            } catch (NotifyFailure e) {
                LOG.warn("Could not ask Notify about text {}: {}", text.id(), e.getMessage());
            }
        }
    }

    private Optional<Text> find(String condition, Object key) {
        if (key == null) {
            return Optional.empty();
        }
        return jdbc.sql("select id, alert_id, status, notification_id, resends from sms_text where " + condition)
                .param("key", key)
                .query((rs, n) -> new Text(rs.getLong("id"), rs.getLong("alert_id"), rs.getString("status"),
                        rs.getString("notification_id"), rs.getInt("resends")))
                .optional();
    }

    private static Optional<Long> textId(String reference) {
        if (reference == null || !reference.startsWith(OutgoingText.REFERENCE_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(reference.substring(OutgoingText.REFERENCE_PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
