package org.safeguarding.hub.delivery;

import java.time.OffsetDateTime;
import java.util.Collection;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.UnreadableDeliveryException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What every channel does with the ledger around its sending: claim a batch's deliveries for the broker message that
 * carries them, and mark an alert SENT once its last delivery is final.
 */
@Component
public class DeliveryClaims {

    private final JdbcClient jdbc;
    private final AlertService alerts;

    DeliveryClaims(JdbcClient jdbc, AlertService alerts) {
        this.jdbc = jdbc;
        this.alerts = alerts;
    }

    /**
     * Claims the batch's deliveries on {@code channel} still to send for this broker message: one another message
     * holds, or that is final, is left alone, so a duplicate or redelivered message sends nothing twice.
     *
     * @return how many it claimed
     * @throws UnreadableDeliveryException when none of the ids is a delivery on {@code channel}
     */
    public int claim(DeliveryBatch batch, String channel, String brokerMessageId, OffsetDateTime now) {
        int claimed = jdbc.sql("""
                update delivery set claimed_by = :me, updated_at = :now
                where id in (:ids) and channel = :channel and status in ('QUEUED', 'RETRYING')
                  and (claimed_by is null or claimed_by = :me)""")
                .param("me", brokerMessageId).param("now", now).param("ids", batch.deliveryIds())
                .param("channel", channel).update();
        if (claimed == 0 && jdbc.sql("select count(*) from delivery where id in (:ids) and channel = :channel")
                .param("ids", batch.deliveryIds()).param("channel", channel).query(Integer.class).single() == 0) {
            throw new UnreadableDeliveryException("no " + channel.toLowerCase(java.util.Locale.ROOT) + " delivery "
                    + batch.body());
        }
        return claimed;
    }

    public void completeIfDone(Collection<Long> alertIds) {
        alertIds.stream().distinct().forEach(this::completeIfDone);
    }

    private void completeIfDone(long alertId) {
        // consumers finishing an alert's last deliveries at once would each count the other's, not yet committed, as
        // open, and none would mark the alert sent: they take turns on the alert row, each seeing the others' commits
        jdbc.sql("select id from alert where id = :alertId for update").param("alertId", alertId).query(Long.class).single();
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
