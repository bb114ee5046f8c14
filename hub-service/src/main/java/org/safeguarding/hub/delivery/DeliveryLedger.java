package org.safeguarding.hub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertChain;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.alert.AlertStatus;
import org.safeguarding.hub.alert.Channel;
import org.safeguarding.hub.delivery.sms.SmsTexts;
import org.safeguarding.hub.directory.RecipientFinder;
import org.safeguarding.hub.routes.fanout.DeliveryOrder;
import org.safeguarding.hub.routes.fanout.DeliveryPlanner;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The delivery ledger's planning side: one row per targeted school x channel, written by INSERT ... SELECT in the
 * database (no recipient list in memory), then read back in id order, batch by batch, for the dispatcher.
 */
@Service
public class DeliveryLedger implements DeliveryPlanner {

    /** Who an email or text goes to at a school: its safeguarding leads, or the head when it has none. */
    static final String REACHABLE_ROLES = "('DSL', 'DEPUTY_DSL', 'HEAD')";
    public static final String NO_EMAIL_CONTACT = "The school has no safeguarding contact with an email address";
    public static final String NO_MIS_ENDPOINT = "The school has no MIS endpoint registered, or it is disabled";

    private final AlertService alerts;
    private final AcknowledgementLinks links;
    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Clock clock;
    private final Duration linkLifetime;
    private final SmsTexts smsTexts;
    private final boolean smsEnabled;

    DeliveryLedger(AlertService alerts, AcknowledgementLinks links, JdbcClient jdbc, NamedParameterJdbcTemplate named,
            Clock clock, HubProperties hub, SmsTexts smsTexts, @Value("${hub.sms.enabled:false}") boolean smsEnabled) {
        this.smsTexts = smsTexts;
        this.smsEnabled = smsEnabled;
        this.linkLifetime = hub.acknowledgement().linkLifetime();
        this.alerts = alerts;
        this.links = links;
        this.jdbc = jdbc;
        this.named = named;
        this.clock = clock;
    }

    /**
     * {@inheritDoc} An update or cancel goes to exactly the schools x channels its alert had deliveries for (a school
     * that has closed since included: it was told the first thing), not to whom the directory would give today. A
     * cancel first stops its alert's deliveries that no consumer has taken yet, and asks for no acknowledgement.
     */
    @Override
    @Transactional
    public int plan(long alertId) {
        // a cancel and this planning take turns on the alert's row: a cancelled alert is never planned after all
        jdbc.sql("select id from alert where id = :id for update").param("id", alertId).query(Long.class).optional();
        Alert alert = alerts.get(alertId);
        if (alert.status() != AlertStatus.APPROVED && alert.status() != AlertStatus.SENDING) {
            return 0; // cancelled before it went out, or already sent: nothing to plan
        }
        boolean cancel = AlertChain.CANCEL.equals(alert.msgType());
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (cancel) {
            withdrawUntaken(alert, now);
        }
        for (Channel channel : alert.content().channels()) {
            MapSqlParameterSource p = new MapSqlParameterSource()
                    .addValue("alertId", alertId).addValue("channel", channel.name()).addValue("now", now)
                    .addValue("noContact", noContactReason(channel)).addValue("original", alert.referencesAlert());
            String schools = alert.isFollowUp()
                    ? "delivery o join establishment e on e.urn = o.urn"
                            + " where o.alert_id = :original and o.channel = :channel and o.purpose = 'ALERT'"
                    : "establishment e where " + RecipientFinder.where(alert.content().target(), p);
            named.update("""
                    insert into delivery (alert_id, urn, channel, status, last_error, created_at, updated_at)
                    select :alertId, e.urn, :channel,
                      case when %1$s then 'QUEUED' else 'UNREACHABLE' end,
                      case when %1$s then null else :noContact end,
                      :now, :now
                    from %2$s
                      and not exists (select 1 from delivery d where d.alert_id = :alertId and d.urn = e.urn
                                      and d.channel = :channel and d.purpose = 'ALERT')"""
                    .formatted(reachable(channel), schools), p);
            if (channel == Channel.SMS) {
                smsTexts.plan(alertId, "ALERT", now); // one text per mobile number, however many schools it covers
            }
        }
        if (alert.asksAcknowledgement()) { // a cancel or an all-clear has no acknowledgement links
            OffsetDateTime cap = now.plus(linkLifetime);
            OffsetDateTime linksExpire = alert.content().expires().isBefore(cap) ? alert.content().expires() : cap;
            links.registerForDeliveries(alertId, linksExpire);
        }
        alerts.startSending(alertId);
        int queued = count(alertId, DeliveryStatus.QUEUED);
        if (queued == 0) {
            alerts.finishSending(alertId);
        }
        return queued;
    }

    /**
     * The cancelled alert's (and its updates') deliveries still QUEUED and claimed by no consumer are not sent: FAILED,
     * saying why. One a consumer has claimed is being sent and is left to finish, as is one waiting for a retry.
     */
    private void withdrawUntaken(Alert cancel, OffsetDateTime now) {
        jdbc.sql("""
                update delivery set status = 'FAILED', last_error = :why, updated_at = :now
                where alert_id in (select id from alert where (id = :original or references_alert = :original)
                                     and id <> :cancel)
                  and status = 'QUEUED' and claimed_by is null""")
                .param("why", "Not sent: the alert was cancelled first (" + cancel.reference() + ")")
                .param("now", now).param("original", cancel.referencesAlert()).param("cancel", cancel.id())
                .update();
    }

    @Override
    public Iterator<List<DeliveryOrder>> queuedBatches(long alertId, int batchSize) {
        return new DeliveryBatches(jdbc, "alert_id = :alertId and purpose = 'ALERT'", Map.of("alertId", alertId),
                batchSize);
    }

    int count(long alertId, DeliveryStatus status) {
        return jdbc.sql("select count(*) from delivery where alert_id = :alertId and purpose = 'ALERT' and status = :status")
                .param("alertId", alertId).param("status", status.name()).query(Integer.class).single();
    }

    private String reachable(Channel channel) {
        return switch (channel) {
            case EMAIL -> "exists (select 1 from safeguarding_contact c where c.urn = e.urn and c.email is not null"
                    + " and c.role in " + REACHABLE_ROLES + ")";
            // SMS switched off: say so in the ledger instead of queuing for nobody
            case SMS -> smsEnabled ? SmsTexts.REACHABLE : "1 = 0";
            case MIS -> "exists (select 1 from mis_endpoint m where m.urn = e.urn and m.enabled)";
        };
    }

    private String noContactReason(Channel channel) {
        return switch (channel) {
            case EMAIL -> NO_EMAIL_CONTACT;
            case SMS -> smsEnabled ? SmsTexts.NO_MOBILE : SmsTexts.NOT_ENABLED;
            case MIS -> NO_MIS_ENDPOINT;
        };
    }
}
