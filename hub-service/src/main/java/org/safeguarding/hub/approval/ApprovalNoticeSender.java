package org.safeguarding.hub.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.safeguarding.hub.alert.AlertRepository;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.delivery.LedgerText;
import org.safeguarding.hub.routes.approval.ApprovalNotice;
import org.safeguarding.hub.routes.approval.ApprovalNotices;
import org.safeguarding.hub.routes.email.OutgoingEmail;
import org.safeguarding.hub.routes.sms.NotifySender;
import org.safeguarding.hub.routes.sms.SmsRateLimit;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * The approval-notice routes' side in the database: claims the notices due (a lease, so of several hub instances one
 * sends each), records what became of them with an audit row each, and claims each period's reminder of an EXTREME
 * alert left waiting with one conditional update of the alert's row.
 */
@Component
class ApprovalNoticeSender implements ApprovalNotices {

    /** A claimed notice not recorded sent or failed by then (the instance died mid-send) is taken over. */
    private static final Duration CLAIM = Duration.ofMinutes(5);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final AlertRepository alerts;
    private final ApprovalNoticeWriter writer;
    private final AuditTrail audit;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final HubProperties hub;
    private final Duration reminderAfter;
    private final ObjectProvider<NotifySender> notify;
    private final ObjectProvider<SmsRateLimit> smsCap;
    private final String messageIdDomain;

    ApprovalNoticeSender(JdbcClient jdbc, AlertRepository alerts, ApprovalNoticeWriter writer, AuditTrail audit,
            Clock clock, TransactionTemplate transaction, HubProperties hub,
            @Value("${hub.alerts.approval-reminder-after:15m}") Duration reminderAfter,
            ObjectProvider<NotifySender> notify, ObjectProvider<SmsRateLimit> smsCap) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.writer = writer;
        this.audit = audit;
        this.clock = clock;
        this.transaction = transaction;
        this.hub = hub;
        this.reminderAfter = reminderAfter;
        this.notify = notify;
        this.smsCap = smsCap;
        this.messageIdDomain = hub.messageIdDomain();
    }

    /**
     * Once per period: an alert is due when it has waited {@code hub.alerts.approval-reminder-after} since it was
     * submitted and since its last reminder. The update that sets approval_reminded_at only matches while the alert
     * is still due, so when two instances race for it one updates the row and writes the reminder, in one
     * transaction, and the other updates nothing.
     */
    @Override
    public int remindDue() {
        OffsetDateTime now = now();
        OffsetDateTime due = now.minus(reminderAfter);
        List<Long> waiting = jdbc.sql("""
                select id from alert where status = 'AWAITING_APPROVAL' and severity = 'EXTREME'
                  and submitted_at <= :due and (approval_reminded_at is null or approval_reminded_at < submitted_at
                    or approval_reminded_at <= :due)
                order by submitted_at""").param("due", due).query(Long.class).list();
        int reminded = 0;
        for (long alertId : waiting) {
            Boolean claimed = transaction.execute(status -> {
                boolean mine = jdbc.sql("""
                        update alert set approval_reminded_at = :now
                        where id = :id and status = 'AWAITING_APPROVAL' and submitted_at <= :due
                          and (approval_reminded_at is null or approval_reminded_at < submitted_at
                            or approval_reminded_at <= :due)""")
                        .param("now", now).param("id", alertId).param("due", due).update() == 1;
                if (mine) {
                    writer.reminder(alerts.find(alertId).orElseThrow());
                }
                return mine;
            });
            reminded += Boolean.TRUE.equals(claimed) ? 1 : 0;
        }
        return reminded;
    }

    @Override
    public List<ApprovalNotice> claimDue(int max) {
        OffsetDateTime now = now();
        List<ApprovalNotice> candidates = jdbc.sql("""
                select n.id, n.alert_id, n.channel, n.address, n.subject, n.body from approval_notice n
                where n.status = 'QUEUED' and n.next_attempt_at <= :now
                  and (n.claimed_until is null or n.claimed_until < :now)
                order by n.id limit :max""")
                .param("now", now).param("max", max)
                .query((rs, row) -> new ApprovalNotice(rs.getLong("id"), rs.getLong("alert_id"),
                        rs.getString("channel"), rs.getString("address"), rs.getString("subject"),
                        rs.getString("body")))
                .list();
        List<ApprovalNotice> claimed = new ArrayList<>();
        for (ApprovalNotice notice : candidates) {
            boolean mine = jdbc.sql("""
                    update approval_notice set claimed_until = :until, attempts = attempts + 1
                    where id = :id and status = 'QUEUED' and (claimed_until is null or claimed_until < :now)""")
                    .param("until", now.plus(CLAIM)).param("id", notice.id()).param("now", now).update() == 1;
            if (!mine) {
                continue;
            }
            String moot = moot(notice);
            if (moot != null) {
                jdbc.sql("update approval_notice set status = 'DROPPED', last_error = :why, claimed_until = null"
                        + " where id = :id").param("why", moot).param("id", notice.id()).update();
            } else {
                claimed.add(notice);
            }
        }
        return claimed;
    }

    /** Why the notice need not go any more: an approval asked for once the alert was decided, or SMS turned off. */
    private String moot(ApprovalNotice notice) {
        if (notice.isText() && notify.getIfAvailable() == null) {
            return "SMS is off (hub.sms.enabled)";
        }
        return jdbc.sql("""
                select 'the alert no longer awaits approval' from approval_notice n join alert a on a.id = n.alert_id
                where n.id = :id and n.kind in ('APPROVAL_NEEDED', 'REMINDER') and a.status <> 'AWAITING_APPROVAL'""")
                .param("id", notice.id()).query(String.class).optional().orElse(null);
    }

    @Override
    public void sent(ApprovalNotice notice) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("update approval_notice set status = 'SENT', sent_at = :now, claimed_until = null,"
                    + " last_error = null where id = :id").param("now", now()).param("id", notice.id()).update();
            audit.record("system", null, AuditAction.APPROVAL_NOTICE_SENT, AuditEvent.ALERT, notice.alertId(),
                    describe(notice));
        });
    }

    @Override
    public void failed(ApprovalNotice notice, String error, boolean permanent) {
        String why = LedgerText.fit(error);
        if (permanent) {
            transaction.executeWithoutResult(status -> {
                jdbc.sql("update approval_notice set status = 'FAILED', last_error = :error, claimed_until = null"
                        + " where id = :id").param("error", why).param("id", notice.id()).update();
                audit.record("system", null, AuditAction.APPROVAL_NOTICE_FAILED, AuditEvent.ALERT, notice.alertId(),
                        describe(notice) + ": " + why);
            });
            return;
        }
        int attempts = jdbc.sql("select attempts from approval_notice where id = :id").param("id", notice.id())
                .query(Integer.class).single();
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 10));
        jdbc.sql("update approval_notice set next_attempt_at = :next, last_error = :error, claimed_until = null"
                        + " where id = :id")
                .param("next", now().plus(wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait))
                .param("error", why).param("id", notice.id()).update();
    }

    @Override
    public OutgoingEmail email(ApprovalNotice notice) {
        String html = "<!DOCTYPE html><html lang=\"en\"><body><p>" + HtmlUtils.htmlEscape(notice.body())
                .replaceAll("(https?://[^\\s<]+)", "<a href=\"$1\">$1</a>").replace("\n\n", "</p><p>")
                .replace("\n", "<br>") + "</p></body></html>";
        // stable per notice, naming the alert, and unlike a school email's (<delivery-N.REFERENCE@…>)
        String reference = jdbc.sql("select reference from alert where id = :id").param("id", notice.alertId())
                .query(String.class).single();
        return new OutgoingEmail(notice.id(), notice.alertId(), hub.email().from(), List.of(notice.address()),
                notice.subject(), notice.body(), html,
                "<" + notice.reference() + "-" + reference + "@" + messageIdDomain + ">");
    }

    /** Under the deployment's SMS cap, like every other text. */
    @Override
    public void text(ApprovalNotice notice) throws Exception {
        smsCap.getObject().acquire();
        notify.getObject().send(notice.address(), notice.body(), notice.reference());
    }

    /** For the audit trail: what went to whom, without the address. */
    private String describe(ApprovalNotice notice) {
        return jdbc.sql("select kind || ' by ' || channel || ' to ' || username from approval_notice where id = :id")
                .param("id", notice.id()).query(String.class).single();
    }

    /** To the microsecond the database keeps: a stored time never rounds up past the clock's. */
    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
