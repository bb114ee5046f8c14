package org.safeguarding.hub.delivery.mis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertChain;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.chase.ChaseEmails;
import org.safeguarding.hub.chase.ChaseStep;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.safeguarding.hub.delivery.DeliveryClaims;
import org.safeguarding.hub.delivery.DeliveryLedger;
import org.safeguarding.hub.delivery.DeliveryStatus;
import org.safeguarding.hub.delivery.LedgerText;
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.mis.MisDeliveries;
import org.safeguarding.hub.routes.mis.OutgoingWebhook;
import org.safeguarding.hub.routes.mis.WebhookOutcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The MIS channel's side of the ledger: claim a batch, write each school's webhook, record the outcomes. */
@Service
@Transactional
public class MisDeliveryService implements MisDeliveries {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final AlertService alerts;
    private final AcknowledgementLinks links;
    private final DeliveryClaims claims;
    private final MisEndpoints endpoints;
    private final ChaseEmails chaseEmails;
    private final ObjectMapper json;
    private final Clock clock;

    MisDeliveryService(JdbcClient jdbc, JdbcTemplate jdbcTemplate, AlertService alerts, AcknowledgementLinks links,
            DeliveryClaims claims, MisEndpoints endpoints, ChaseEmails chaseEmails, ObjectMapper json, Clock clock) {
        this.chaseEmails = chaseEmails;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.alerts = alerts;
        this.links = links;
        this.claims = claims;
        this.endpoints = endpoints;
        this.json = json;
        this.clock = clock;
    }

    private record Claimed(long deliveryId, long alertId, long urn, String purpose, int attempts,
            OffsetDateTime createdAt, String schoolName, String url, String secret, boolean enabled) {
    }

    @Override
    public List<OutgoingWebhook> prepare(DeliveryBatch batch, String brokerMessageId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (claims.claim(batch, "MIS", brokerMessageId, now) == 0) {
            return List.of();
        }
        List<Claimed> claimed = jdbc.sql("""
                select d.id, d.alert_id, d.urn, d.purpose, d.attempts, d.created_at, e.name, m.url, m.secret, m.enabled
                from delivery d join establishment e on e.urn = d.urn left join mis_endpoint m on m.urn = d.urn
                where d.id in (:ids) and d.claimed_by = :me and d.status in ('QUEUED', 'RETRYING')
                order by d.id""")
                .param("ids", batch.deliveryIds()).param("me", brokerMessageId)
                .query((rs, n) -> new Claimed(rs.getLong("id"), rs.getLong("alert_id"), rs.getLong("urn"),
                        rs.getString("purpose"), rs.getInt("attempts"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getString("name"), rs.getString("url"),
                        rs.getString("secret"), rs.getBoolean("enabled")))
                .list();
        List<OutgoingWebhook> webhooks = new ArrayList<>();
        Map<String, List<Long>> unsent = new java.util.LinkedHashMap<>();
        Alert alert = null;
        for (Claimed delivery : claimed) {
            String stopped = ChaseStep.ALERT.equals(delivery.purpose()) ? null
                    : chaseEmails.chaseStopped(delivery.alertId(), delivery.urn());
            if (stopped != null) {
                unsent.computeIfAbsent("Not sent: " + stopped, why -> new ArrayList<>()).add(delivery.deliveryId());
                continue;
            }
            if (delivery.url() == null || !delivery.enabled()) {
                // disabled (410) or removed since it was planned: nobody to send to
                unsent.computeIfAbsent("Not sent: " + DeliveryLedger.NO_MIS_ENDPOINT.toLowerCase(java.util.Locale.UK),
                        why -> new ArrayList<>()).add(delivery.deliveryId());
                continue;
            }
            if (alert == null || alert.id() != delivery.alertId()) {
                alert = alerts.get(delivery.alertId());
            }
            webhooks.add(new OutgoingWebhook(delivery.deliveryId(), alert.id(), delivery.urn(), delivery.url(),
                    delivery.secret(), webhookId(alert, delivery.deliveryId()), body(alert, delivery),
                    delivery.attempts()));
        }
        unsent.forEach((reason, ids) -> claims.leaveUnsent(ids, DeliveryStatus.FAILED, reason, now));
        return webhooks;
    }

    /** Stable across every attempt of the delivery, and unique across hubs' databases: the reference is in it. */
    static String webhookId(Alert alert, long deliveryId) {
        return "msg_" + alert.reference() + "_" + deliveryId;
    }

    private String body(Alert alert, Claimed delivery) {
        var content = alert.content();
        boolean cancel = AlertChain.CANCEL.equals(alert.msgType());
        String type = !ChaseStep.ALERT.equals(delivery.purpose()) ? MisPayload.REMINDER
                : cancel ? MisPayload.CANCELLED
                : AlertChain.UPDATE.equals(alert.msgType()) ? MisPayload.UPDATED : MisPayload.ISSUED;
        MisPayload payload = new MisPayload(type, utc(delivery.createdAt()), new MisPayload.Data(alert.reference(),
                alert.msgType(), content.severity().name(), content.category().name(), content.title(),
                content.summary(), content.adviceForSchools(), utc(content.ackDeadline()), utc(content.expires()),
                content.exercise(), delivery.urn(), delivery.schoolName(),
                alert.asksAcknowledgement() ? links.url(alert.id(), delivery.urn()) : null,
                cancel ? alert.decisionReason() : null, alert.responseType()));
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("MIS payload of delivery " + delivery.deliveryId(), e);
        }
    }

    private static String utc(OffsetDateTime at) {
        return at == null ? null : at.toInstant().toString();
    }

    @Override
    public void record(List<WebhookOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        // a retry is a new broker message: the delivery is released for it to claim
        jdbcTemplate.batchUpdate("""
                update delivery set status = ?, attempts = attempts + 1, last_error = coalesce(?, last_error),
                  recipient = ?, message_id = ?, updated_at = ?, sent_at = ?, claimed_by = null
                where id = ? and status in ('QUEUED', 'RETRYING')""", outcomes, outcomes.size(), (ps, outcome) -> {
            OutgoingWebhook webhook = outcome.webhook();
            boolean delivered = outcome.fate() == WebhookOutcome.Fate.DELIVERED;
            ps.setString(1, switch (outcome.fate()) {
                case DELIVERED -> "DELIVERED";
                case RETRYING -> "RETRYING";
                case GONE, FAILED, GAVE_UP -> "FAILED";
            });
            ps.setString(2, LedgerText.fit(outcome.error()));
            ps.setString(3, LedgerText.fit(webhook.url()));
            ps.setString(4, webhook.webhookId());
            ps.setObject(5, now);
            ps.setObject(6, delivered ? now : null);
            ps.setLong(7, webhook.deliveryId());
        });
        outcomes.stream().filter(outcome -> outcome.fate() == WebhookOutcome.Fate.GONE)
                .forEach(outcome -> endpoints.disable(outcome.webhook().urn(), outcome.error(), now));
    }

    @Override
    public void settle(List<WebhookOutcome> outcomes) {
        claims.completeIfDone(outcomes.stream().map(outcome -> outcome.webhook().alertId()).toList());
    }
}
