package org.safeguarding.hub.delivery.sms;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertChain;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.safeguarding.hub.delivery.LedgerText;
import org.safeguarding.hub.delivery.MessageTemplates;
import org.safeguarding.hub.delivery.ClaimLease;
import org.safeguarding.hub.delivery.SendingProgress;
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.UnreadableDeliveryException;
import org.safeguarding.hub.routes.sms.OutgoingText;
import org.safeguarding.hub.routes.sms.SmsDeliveries;
import org.safeguarding.hub.routes.sms.TextOutcome;
import org.safeguarding.hub.routes.sms.TextOutcome.Fate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The SMS channel's side of the ledger: claim the texts covering a batch, word each one, record the outcomes. */
@Service
@Transactional
public class SmsDeliveryService implements SmsDeliveries {

    static final String DAILY_LIMIT_HOLD = "daily-limit";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final AlertService alerts;
    private final AcknowledgementLinks links;
    private final MessageTemplates templates;
    private final SendingProgress progress;
    private final SmsReceipts receipts;
    private final SmsTexts smsTexts;
    private final ClaimLease lease;
    private final Clock clock;

    SmsDeliveryService(JdbcClient jdbc, JdbcTemplate jdbcTemplate, AlertService alerts, AcknowledgementLinks links,
            MessageTemplates templates, SendingProgress progress, SmsReceipts receipts, SmsTexts smsTexts, ClaimLease lease,
            Clock clock) {
        this.smsTexts = smsTexts;
        this.lease = lease;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.alerts = alerts;
        this.links = links;
        this.templates = templates;
        this.progress = progress;
        this.receipts = receipts;
        this.clock = clock;
    }

    /** A claimed text and, when it covers one school, that school. */
    private record Claimed(long textId, long alertId, String purpose, String mobile, int schools, long urn,
            String schoolName) {
    }

    @Override
    public List<OutgoingText> prepare(DeliveryBatch batch, String brokerMessageId) {
        int claimed = jdbc.sql("""
                update sms_text set claimed_by = :me, updated_at = :now
                where id in (select d.sms_text_id from delivery d where d.id in (:ids) and d.channel = 'SMS'
                             and d.status in ('QUEUED', 'RETRYING'))
                  and status in ('QUEUED', 'RETRYING')
                  and (claimed_by is null or claimed_by = :me or updated_at < :lapsed)""")
                .param("me", brokerMessageId).param("now", now()).param("ids", batch.deliveryIds())
                .param("lapsed", lease.lapsedBefore()).update();
        if (claimed == 0) {
            if (jdbc.sql("select count(*) from delivery where id in (:ids) and channel = 'SMS'")
                    .param("ids", batch.deliveryIds()).query(Integer.class).single() == 0) {
                throw new UnreadableDeliveryException("no SMS delivery " + batch.body());
            }
            return List.of(); // already sent or final, or another message is sending the text
        }
        // their deliveries are taken too: a cancel withdraws only deliveries that no consumer has taken
        jdbc.sql("""
                update delivery set claimed_by = :me
                where sms_text_id in (select t.id from sms_text t where t.claimed_by = :me
                                      and t.id in (select d.sms_text_id from delivery d where d.id in (:ids)))
                  and status in ('QUEUED', 'RETRYING')""")
                .param("me", brokerMessageId).param("ids", batch.deliveryIds()).update();
        List<Claimed> texts = jdbc.sql("""
                select t.id, t.alert_id, t.purpose, t.mobile, t.schools, min(d.urn) as urn, min(e.name) as school
                from sms_text t join delivery d on d.sms_text_id = t.id join establishment e on e.urn = d.urn
                where t.claimed_by = :me and t.status in ('QUEUED', 'RETRYING')
                  and t.id in (select sms_text_id from delivery where id in (:ids))
                group by t.id, t.alert_id, t.purpose, t.mobile, t.schools order by t.id""")
                .param("me", brokerMessageId).param("ids", batch.deliveryIds())
                .query((rs, n) -> new Claimed(rs.getLong("id"), rs.getLong("alert_id"), rs.getString("purpose"),
                        rs.getString("mobile"), rs.getInt("schools"), rs.getLong("urn"), rs.getString("school")))
                .list();
        List<OutgoingText> outgoing = new ArrayList<>();
        for (Claimed text : texts) {
            outgoing.add(new OutgoingText(text.textId(), text.alertId(), text.mobile(), word(text)));
        }
        return outgoing;
    }

    /** The text's words: from messages/sms/alert.txt, GSM-7 only, the title cut so that it fits three fragments. */
    private String word(Claimed text) {
        Alert alert = alerts.get(text.alertId());
        Map<String, Object> model = new HashMap<>();
        model.put("exercise", alert.content().exercise());
        model.put("marker", marker(alert, text.purpose()));
        model.put("cancel", AlertChain.CANCEL.equals(alert.msgType()));
        model.put("resolved", alert.resolves());
        model.put("severity", alert.content().severity().name());
        model.put("reference", alert.reference());
        model.put("schools", text.schools());
        model.put("schoolName", Gsm7.clean(text.schoolName()));
        model.put("link", text.schools() > 1 ? links.schoolsUrl(text.textId()) : links.url(alert.id(), text.urn()));
        return Gsm7.fit(Gsm7.clean(alert.content().title().strip()), title -> {
            model.put("title", title);
            return templates.render("sms/alert.txt", model).strip();
        });
    }

    private static String marker(Alert alert, String purpose) {
        if (!"ALERT".equals(purpose)) {
            return "REMINDER: ";
        }
        if (AlertChain.CANCEL.equals(alert.msgType())) {
            return "CANCELLED: ";
        }
        if (alert.resolves()) {
            return "RESOLVED: ";
        }
        return AlertChain.UPDATE.equals(alert.msgType()) ? "UPDATE: " : "";
    }

    @Override
    public void record(List<TextOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        OffsetDateTime now = now();
        // one statement for the whole batch; a text another message has meanwhile finished is left as it is
        jdbcTemplate.batchUpdate("""
                update sms_text set status = coalesce(?, status), attempts = attempts + ?, last_error = ?,
                  notification_id = coalesce(?, notification_id), sent_at = coalesce(?, sent_at), updated_at = ?,
                  claimed_by = case when ? then claimed_by else null end
                where id = ? and status in ('QUEUED', 'RETRYING')""", outcomes, outcomes.size(), (ps, outcome) -> {
            boolean sent = outcome.fate() == Fate.SENT;
            ps.setString(1, switch (outcome.fate()) {
                case SENT -> "SENT";
                case RETRYING -> "RETRYING";
                case FAILED, GAVE_UP -> "FAILED";
                case WAITING -> null; // waiting is not an attempt, nor a failure
            });
            ps.setInt(2, outcome.fate() == Fate.WAITING ? 0 : 1);
            ps.setString(3, LedgerText.fit(outcome.error()));
            ps.setString(4, outcome.notificationId());
            ps.setObject(5, sent ? now : null);
            ps.setObject(6, now);
            // a retrying text stays with its message, which the broker redelivers
            ps.setBoolean(7, outcome.fate() == Fate.RETRYING);
            ps.setLong(8, outcome.text().textId());
        });
        smsTexts.mirror(outcomes.stream().map(o -> o.text().textId()).toList(), now);
        progress.completeIfDone(outcomes.stream().map(o -> o.text().alertId()).distinct().toList());
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Instant> heldUntil() {
        return jdbc.sql("select until from sms_hold where name = :name and until > :now")
                .param("name", DAILY_LIMIT_HOLD).param("now", now())
                .query((rs, n) -> rs.getObject("until", OffsetDateTime.class).toInstant()).optional();
    }

    @Override
    public void hold(Instant until, String reason) {
        OffsetDateTime at = until.atOffset(ZoneOffset.UTC);
        String why = LedgerText.fit(reason);
        int held = jdbc.sql("update sms_hold set until = :until, reason = :reason, since = :now where name = :name")
                .param("until", at).param("reason", why).param("now", now()).param("name", DAILY_LIMIT_HOLD).update();
        if (held == 0) {
            try {
                jdbc.sql("insert into sms_hold (name, until, reason, since) values (:name, :until, :reason, :now)")
                        .param("until", at).param("reason", why).param("now", now()).param("name", DAILY_LIMIT_HOLD)
                        .update();
            } catch (DuplicateKeyException anotherInstanceWasFirst) {
                // it holds SMS until the same midnight
            }
        }
    }

    @Override
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public void checkOverdueReceipts() {
        receipts.checkOverdue();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
