package org.safeguarding.hub.delivery.sms;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SMS side of planning: who gets the text at each school (its DSL, else deputy, else head: the first with a
 * mobile), and one text per mobile number per message, however many schools the number covers. Written in the
 * database, set-wise, like the rest of the ledger.
 */
@Component
public class SmsTexts {

    public static final String NO_MOBILE = "The school has no safeguarding contact with a mobile number";
    public static final String NOT_ENABLED = "SMS is not enabled on this hub (hub.sms.enabled): not sent by text message";

    /** The condition on establishment {@code e} that a school can be texted. */
    public static final String REACHABLE = "exists (select 1 from safeguarding_contact c where c.urn = e.urn"
            + " and c.mobile is not null and c.role in ('DSL', 'DEPUTY_DSL', 'HEAD'))";

    private static final String UNTEXTED = "alert_id = :alertId and channel = 'SMS' and purpose = :purpose"
            + " and status = 'QUEUED' and sms_text_id is null";

    private final JdbcClient jdbc;
    private final AcknowledgementLinks links;
    private final SmsProperties sms;

    SmsTexts(JdbcClient jdbc, AcknowledgementLinks links, SmsProperties sms) {
        this.jdbc = jdbc;
        this.links = links;
        this.sms = sms;
    }

    /**
     * A chase step that goes by text as well as by email (the first reminder of an EXTREME or SEVERE alert): a text
     * for each school the step's email reminders chase that has a mobile, one per number as for the alert. Run in the
     * chase step's transaction, after its email reminders are written; nothing when SMS is not enabled.
     */
    public void remindByText(long alertId, String step, OffsetDateTime now) {
        if (!sms.enabled()) {
            return;
        }
        jdbc.sql("""
                insert into delivery (alert_id, urn, channel, purpose, status, created_at, updated_at)
                select d.alert_id, d.urn, 'SMS', d.purpose, 'QUEUED', :now, :now
                from delivery d join establishment e on e.urn = d.urn
                where d.alert_id = :alertId and d.purpose = :step and d.channel = 'EMAIL' and""" + " " + REACHABLE)
                .param("alertId", alertId).param("step", step).param("now", now).update();
        plan(alertId, step, now);
    }

    /** Run in the planning transaction, after the message's SMS delivery rows are written. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void plan(long alertId, String purpose, OffsetDateTime now) {
        jdbc.sql("""
                update delivery set recipient = (
                  select c.mobile from safeguarding_contact c
                  where c.urn = delivery.urn and c.mobile is not null and c.role in ('DSL', 'DEPUTY_DSL', 'HEAD')
                  order by case c.role when 'DSL' then 1 when 'DEPUTY_DSL' then 2 else 3 end, c.name
                  fetch first 1 rows only)
                where""" + " " + UNTEXTED)
                .param("alertId", alertId).param("purpose", purpose).update();
        jdbc.sql("update delivery set status = 'UNREACHABLE', last_error = :why, updated_at = :now where "
                        + UNTEXTED + " and recipient is null")
                .param("why", NO_MOBILE).param("now", now).param("alertId", alertId).param("purpose", purpose)
                .update();
        jdbc.sql("""
                insert into sms_text (alert_id, purpose, mobile, schools, status, created_at, updated_at)
                select d.alert_id, d.purpose, d.recipient, count(*), 'QUEUED', :now, :now from delivery d
                where d.alert_id = :alertId and d.channel = 'SMS' and d.purpose = :purpose and d.status = 'QUEUED'
                  and d.sms_text_id is null
                  and not exists (select 1 from sms_text t where t.alert_id = d.alert_id and t.purpose = d.purpose
                                  and t.mobile = d.recipient)
                group by d.alert_id, d.purpose, d.recipient""")
                .param("now", now).param("alertId", alertId).param("purpose", purpose).update();
        jdbc.sql("""
                update delivery set sms_text_id = (select t.id from sms_text t where t.alert_id = delivery.alert_id
                  and t.purpose = delivery.purpose and t.mobile = delivery.recipient)
                where""" + " " + UNTEXTED)
                .param("alertId", alertId).param("purpose", purpose).update();
        List<Long> shared = jdbc.sql("""
                select id from sms_text where alert_id = :alertId and purpose = :purpose and schools > 1
                  and link_hash is null""")
                .param("alertId", alertId).param("purpose", purpose).query(Long.class).list();
        for (Long textId : shared) {
            jdbc.sql("update sms_text set link_hash = :hash where id = :id")
                    .param("hash", AcknowledgementLinks.hash(links.schoolsToken(textId))).param("id", textId).update();
        }
    }

    /** Every school x SMS delivery a text covers takes the text's state; a final one is never moved back. */
    public void mirror(Collection<Long> textIds, OffsetDateTime now) {
        jdbc.sql("""
                update delivery set
                  status = (select t.status from sms_text t where t.id = delivery.sms_text_id),
                  attempts = (select t.attempts from sms_text t where t.id = delivery.sms_text_id),
                  last_error = (select t.last_error from sms_text t where t.id = delivery.sms_text_id),
                  message_id = (select t.notification_id from sms_text t where t.id = delivery.sms_text_id),
                  sent_at = (select t.sent_at from sms_text t where t.id = delivery.sms_text_id),
                  claimed_by = (select t.claimed_by from sms_text t where t.id = delivery.sms_text_id),
                  updated_at = :now
                where sms_text_id in (:ids) and status in ('QUEUED', 'RETRYING', 'SENT')""")
                .param("now", now).param("ids", textIds).update();
    }
}
