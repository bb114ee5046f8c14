package org.safeguarding.hub.delivery.sms;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The SMS channel as ops see it on the dashboard: a daily-limit hold in words, and its texts by state. */
@Component
public class SmsWatch {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SmsProperties sms;

    SmsWatch(JdbcClient jdbc, Clock clock, SmsProperties sms) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.sms = sms;
    }

    /**
     * @param hold       what the dashboard says about Notify's daily limit, null when SMS is not held
     * @param sentLastHour texts Notify accepted in the last hour (the rate against the cap per minute)
     * @param waiting    texts waiting for Notify's rate limit or the daily limit (not failures)
     * @param retrying   texts being retried after a 5xx or network error
     * @param awaitingReceipt texts Notify accepted whose receipt has not come
     */
    public record Summary(boolean enabled, int maxPerMinute, String hold, int sentLastHour, int waiting,
            int retrying, int awaitingReceipt, int deliveredLastDay, int failedLastDay) {
    }

    public Summary summary() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String hold = jdbc.sql("select until, reason from sms_hold where until > :now").param("now", now)
                .query((rs, n) -> {
                    OffsetDateTime until = rs.getObject("until", OffsetDateTime.class);
                    Duration left = Duration.between(now, until);
                    return "SMS is on hold: GOV.UK Notify's daily limit was reached (" + rs.getString("reason")
                            + "). No text is sent before " + until.toLocalDate() + " 00:00 UTC, in "
                            + left.toHours() + " h " + left.toMinutesPart() + " min; texts then go out by themselves."
                            + " Email is not affected.";
                }).optional().orElse(null);
        return jdbc.sql("""
                select
                  count(case when sent_at > :hour then 1 end) as sent_last_hour,
                  count(case when status = 'QUEUED' and claimed_by is null
                              and (last_error like 'Waiting:%' or last_error like 'Held:%') then 1 end) as waiting,
                  count(case when status = 'RETRYING' then 1 end) as retrying,
                  count(case when status = 'SENT' then 1 end) as awaiting,
                  count(case when status = 'DELIVERED' and updated_at > :day then 1 end) as delivered,
                  count(case when status = 'FAILED' and updated_at > :day then 1 end) as failed
                from sms_text""")
                .param("hour", now.minusHours(1)).param("day", now.minusDays(1))
                .query((rs, n) -> new Summary(sms.enabled(), sms.maxPerMinute(), hold, rs.getInt("sent_last_hour"),
                        rs.getInt("waiting"), rs.getInt("retrying"), rs.getInt("awaiting"), rs.getInt("delivered"),
                        rs.getInt("failed")))
                .single();
    }
}
