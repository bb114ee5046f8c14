package org.safeguarding.hub.delivery;

import java.time.OffsetDateTime;
import java.util.Collection;
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
    private final SendingProgress progress;
    private final ClaimLease lease;

    DeliveryClaims(JdbcClient jdbc, SendingProgress progress, ClaimLease lease) {
        this.jdbc = jdbc;
        this.progress = progress;
        this.lease = lease;
    }

    /**
     * Claims the batch's deliveries on {@code channel} still to send for this broker message: one another message
     * holds, or that is final, is left alone, so a duplicate or redelivered message sends nothing twice. A claim is a
     * lease ({@link ClaimLease}): one untouched for hub.delivery.claim-lease is taken over.
     *
     * @return how many it claimed
     * @throws UnreadableDeliveryException when none of the ids is a delivery on {@code channel}
     */
    public int claim(DeliveryBatch batch, String channel, String brokerMessageId, OffsetDateTime now) {
        int claimed = jdbc.sql("""
                update delivery set claimed_by = :me, updated_at = :now
                where id in (:ids) and channel = :channel and status in ('QUEUED', 'RETRYING')
                  and (claimed_by is null or claimed_by = :me or updated_at < :lapsed)""")
                .param("me", brokerMessageId).param("now", now).param("ids", batch.deliveryIds())
                .param("channel", channel).param("lapsed", lease.lapsedBefore()).update();
        if (claimed == 0 && jdbc.sql("select count(*) from delivery where id in (:ids) and channel = :channel")
                .param("ids", batch.deliveryIds()).param("channel", channel).query(Integer.class).single() == 0) {
            throw new UnreadableDeliveryException("no " + channel.toLowerCase(java.util.Locale.ROOT) + " delivery "
                    + batch.body());
        }
        return claimed;
    }

    /**
     * Ends claimed deliveries that will not be sent (nobody to send to any more, or the chase has stopped) with
     * {@code status} and {@code reason}, and marks their alerts SENT when these were their last.
     */
    public void leaveUnsent(Collection<Long> deliveryIds, DeliveryStatus status, String reason, OffsetDateTime now) {
        jdbc.sql("""
                update delivery set status = :status, last_error = :reason, updated_at = :now, claimed_by = null
                where id in (:ids) and status in ('QUEUED', 'RETRYING')""")
                .param("status", status.name()).param("reason", reason).param("now", now).param("ids", deliveryIds)
                .update();
        completeIfDone(jdbc.sql("select distinct alert_id from delivery where id in (:ids)")
                .param("ids", deliveryIds).query(Long.class).list());
    }

    /** An alert is SENT once its last delivery is final (see {@link SendingProgress}). */
    public void completeIfDone(Collection<Long> alertIds) {
        progress.completeIfDone(alertIds);
    }
}
