package org.safeguarding.hub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertChain;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.alert.AlertStatus;
import org.safeguarding.hub.alert.Channel;
import org.safeguarding.hub.delivery.sms.SmsTexts;
import org.safeguarding.hub.directory.RecipientFinder;
import org.safeguarding.hub.routes.RetryLaterException;
import org.safeguarding.hub.routes.fanout.DeliveryOrder;
import org.safeguarding.hub.routes.fanout.DeliveryPlanner;
import org.safeguarding.hub.system.Databases;
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
    /** Schools in an alert's first chunk of planning, whatever the chunk size after it. */
    static final int FIRST_CHUNK = 50;

    private final AlertService alerts;
    private final AcknowledgementLinks links;
    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Clock clock;
    private final Duration linkLifetime;
    private final SmsTexts smsTexts;
    private final SendingProgress progress;
    private final boolean smsEnabled;
    /**
     * Locks the alert's row for a chunk of planning. On PostgreSQL FOR NO KEY UPDATE: a cancel's FOR UPDATE still
     * waits for it, but a school's acknowledgement, whose foreign key check takes KEY SHARE on the row, does not wait
     * for every chunk of its alert's plan. H2 has only FOR UPDATE, and takes no lock to check a foreign key.
     */
    private final String lockAlertForPlanning;

    DeliveryLedger(AlertService alerts, AcknowledgementLinks links, JdbcClient jdbc, NamedParameterJdbcTemplate named,
            Clock clock, HubProperties hub, SmsTexts smsTexts, SendingProgress progress,
            @Value("${hub.sms.enabled:false}") boolean smsEnabled, DataSource dataSource) {
        this.lockAlertForPlanning = "select id from alert where id = :id for "
                + (Databases.isPostgresql(dataSource) ? "no key update" : "update");
        this.smsTexts = smsTexts;
        this.progress = progress;
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
     * that has closed since included: it was told the first thing), not to whom the directory would give today, and
     * waits until its alert's plan is whole. A cancel first stops its alert's deliveries that no consumer has taken
     * yet, and asks for no acknowledgement. SMS is planned whole with the first chunk: one text goes to each mobile
     * number however many schools, in whichever chunks, it covers.
     */
    @Override
    @Transactional
    public PlannedChunk planChunk(long alertId, long afterUrn, int schools) {
        // a cancel and this planning take turns on the alert's row: a cancelled alert is never planned further
        jdbc.sql(lockAlertForPlanning).param("id", alertId).query(Long.class).optional();
        Alert alert = alerts.get(alertId);
        if (alert.status() != AlertStatus.APPROVED && alert.status() != AlertStatus.SENDING) {
            return new PlannedChunk(afterUrn, false, List.of()); // cancelled, or already sent: nothing to plan
        }
        if (alert.isFollowUp() && afterUrn == 0 && stillPlanning(alert.referencesAlert())) {
            // its schools are the original's deliveries: all of them, not those planned so far
            throw new RetryLaterException(alert.reference() + " waits for its alert's plan to be whole");
        }
        boolean cancel = AlertChain.CANCEL.equals(alert.msgType());
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (cancel && afterUrn == 0) {
            withdrawUntaken(alert, now);
        }
        // the first chunk is one broker message's worth: the first schools are told before the rest are planned
        int size = afterUrn == 0 ? Math.min(schools, FIRST_CHUNK) : schools;
        MapSqlParameterSource chunk = new MapSqlParameterSource().addValue("after", afterUrn).addValue("limit", size)
                .addValue("original", alert.referencesAlert());
        // the chunk's schools: the next `size` targeted ones by urn (keyset: one index range however far it has got)
        Map<String, Object> bounds = named.queryForMap("select max(urn) as up_to, count(*) as schools from (select"
                + (alert.isFollowUp() ? " distinct" : "") + " e.urn from " + schools(alert, null, chunk)
                + " and e.urn > :after order by e.urn limit :limit) chunk", chunk);
        int chunkSchools = ((Number) bounds.get("schools")).intValue();
        if (chunkSchools == 0) {
            return new PlannedChunk(afterUrn, false, List.of());
        }
        long upTo = ((Number) bounds.get("up_to")).longValue();
        boolean whole = false;
        for (Channel channel : alert.content().channels()) {
            boolean sms = channel == Channel.SMS;
            if (sms && afterUrn > 0) {
                continue;
            }
            whole |= sms;
            MapSqlParameterSource p = new MapSqlParameterSource()
                    .addValue("alertId", alertId).addValue("channel", channel.name()).addValue("now", now)
                    .addValue("noContact", noContactReason(channel)).addValue("original", alert.referencesAlert())
                    .addValue("after", sms ? 0 : afterUrn).addValue("upTo", sms ? Long.MAX_VALUE : upTo);
            // the chunk's urn range, said again inside "not exists": PostgreSQL, its statistics taken while the table
            // was empty, otherwise read every delivery of the alert for each school of each chunk (2.4 s a chunk
            // by 15,000 schools, FanoutBenchmark on PostgreSQL)
            named.update("""
                    insert into delivery (alert_id, urn, channel, status, last_error, created_at, updated_at)
                    select :alertId, e.urn, :channel,
                      case when %1$s then 'QUEUED' else 'UNREACHABLE' end,
                      case when %1$s then null else :noContact end,
                      :now, :now
                    from %2$s and e.urn > :after and e.urn <= :upTo
                      and not exists (select 1 from delivery d where d.alert_id = :alertId and d.urn = e.urn
                                      and d.urn > :after and d.urn <= :upTo
                                      and d.channel = :channel and d.purpose = 'ALERT')"""
                    .formatted(reachable(channel), schools(alert, channel, p)), p);
            if (sms) {
                smsTexts.plan(alertId, "ALERT", now); // one text per mobile number, however many schools it covers
            }
        }
        if (alert.asksAcknowledgement()) { // a cancel or an all-clear has no acknowledgement links
            OffsetDateTime cap = now.plus(linkLifetime);
            OffsetDateTime linksExpire = alert.content().expires().isBefore(cap) ? alert.content().expires() : cap;
            // a text shared by schools of later chunks lists their links too: all registered with the first chunk
            links.registerForDeliveries(alertId, linksExpire, whole ? 0 : afterUrn, whole ? Long.MAX_VALUE : upTo);
        }
        if (alert.status() == AlertStatus.APPROVED) {
            alerts.startSending(alertId);
        }
        List<DeliveryOrder> queued = jdbc.sql("""
                select id, alert_id, channel from delivery where alert_id = :alertId and purpose = 'ALERT'
                  and urn > :after and urn <= :upTo and status = 'QUEUED' order by id""")
                .param("alertId", alertId).param("after", afterUrn).param("upTo", upTo)
                .query((rs, n) -> new DeliveryOrder(rs.getLong("id"), rs.getLong("alert_id"), rs.getString("channel")))
                .list();
        return new PlannedChunk(upTo, chunkSchools == size, queued);
    }

    /**
     * Where the alert's schools come from, as {@code from ... where ...} on establishment {@code e}. The targeting is
     * wrapped so that the database walks the chunk's urn range by primary key: by an index of the targeting (e.g. on
     * the local authority) it read every targeted school for every chunk.
     */
    private static String schools(Alert alert, Channel channel, MapSqlParameterSource p) {
        return alert.isFollowUp()
                ? "delivery o join establishment e on e.urn = o.urn where o.alert_id = :original and o.purpose = 'ALERT'"
                        + (channel == null ? "" : " and o.channel = :channel")
                : "establishment e where case when " + RecipientFinder.where(alert.content().target(), p)
                        + " then 1 else 0 end = 1";
    }

    private boolean stillPlanning(long alertId) {
        return jdbc.sql("""
                select count(*) from alert where id = :id and planned_at is null and status in ('APPROVED', 'SENDING')""")
                .param("id", alertId).query(Integer.class).single() > 0;
    }

    @Override
    @Transactional
    public int finishPlanning(long alertId) {
        jdbc.sql("update alert set planned_at = :now where id = :id and planned_at is null")
                .param("now", OffsetDateTime.now(clock)).param("id", alertId).update();
        // nothing targeted at all, or every chunk's deliveries already final: SENT now, as no outcome will say so
        if (alerts.get(alertId).status() == AlertStatus.APPROVED) {
            alerts.startSending(alertId);
        }
        progress.completeIfDone(List.of(alertId));
        return count(alertId, DeliveryStatus.QUEUED);
    }

    @Override
    @Transactional
    public int plan(long alertId) {
        for (PlannedChunk chunk = planChunk(alertId, 0, Integer.MAX_VALUE); chunk.more();
                chunk = planChunk(alertId, chunk.lastUrn(), Integer.MAX_VALUE)) {
            // one chunk holds every school
        }
        return finishPlanning(alertId);
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
