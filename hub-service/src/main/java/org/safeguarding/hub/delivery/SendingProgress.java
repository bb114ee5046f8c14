package org.safeguarding.hub.delivery;

import java.util.Collection;
import org.safeguarding.hub.alert.AlertService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Marks an alert SENT once it is planned whole and none of its own deliveries, on any channel, is still queued or
 * retrying.
 */
@Component
public class SendingProgress {

    private final JdbcClient jdbc;
    private final AlertService alerts;

    SendingProgress(JdbcClient jdbc, AlertService alerts) {
        this.jdbc = jdbc;
        this.alerts = alerts;
    }

    /** Run in the transaction that recorded the outcomes. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void completeIfDone(Collection<Long> alertIds) {
        alertIds.forEach(this::completeIfDone);
    }

    private void completeIfDone(long alertId) {
        // consumers finishing an alert's last deliveries at once would each count the other's, not yet committed, as
        // open, and none would mark the alert sent: they take turns on the alert row, each seeing the others' commits
        jdbc.sql("select id from alert where id = :alertId for update").param("alertId", alertId).query(Long.class).single();
        // an alert still being planned has schools to come: its last chunk marks it planned, then asks here (read
        // after the lock, so as to see the planner's commit)
        if (jdbc.sql("select count(*) from alert where id = :alertId and planned_at is not null")
                .param("alertId", alertId).query(Integer.class).single() == 0) {
            return;
        }
        // is any still open? The first index entry answers it; a count(*) read every open delivery of the alert for
        // every email sent, under the lock: quadratic, and most of a 22,000-school fan-out's CPU (FanoutBenchmark)
        boolean open = !jdbc.sql("""
                select 1 from delivery where alert_id = :alertId and purpose = 'ALERT' and status in ('QUEUED', 'RETRYING')
                limit 1""")
                .param("alertId", alertId).query(Integer.class).list().isEmpty();
        if (!open) {
            alerts.finishSending(alertId);
        }
    }
}
