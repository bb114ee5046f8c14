package org.safeguarding.hub.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.safeguarding.hub.routes.fanout.DeliveryOrder;
import org.safeguarding.hub.routes.fanout.StrandedDeliveries;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Claims are leases ({@code hub.delivery.claim-lease}): a delivery still to be sent that nobody has touched for that
 * long (claimed by a consumer that died, or queued in a message the broker no longer has) is taken over by whichever
 * message next carries it, and the claim sweep queues such deliveries again. The lease must stay well above the
 * longest send and the broker's longest redelivery delay (hub.broker.max-redelivery-delay), or a live claim could be
 * taken over mid-send. Texts held by Notify's daily limit wait on the broker until the hold ends, and a retry waits
 * out its backoff or Retry-After ({@link #LONGEST_RETRY_WAIT}): neither is swept meanwhile.
 */
@Service
public class ClaimLease implements StrandedDeliveries {

    /**
     * A delivery waiting to be retried may wait this long on top of the lease: an MIS endpoint's Retry-After is
     * honoured up to an hour (the broker holds the retry as a scheduled message), and must not be jumped.
     */
    static final Duration LONGEST_RETRY_WAIT = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration lease;
    private final SendingProgress progress;

    ClaimLease(JdbcClient jdbc, Clock clock, @Value("${hub.delivery.claim-lease:15m}") Duration lease,
            SendingProgress progress) {
        this.jdbc = jdbc;
        this.progress = progress;
        this.clock = clock;
        this.lease = lease;
    }

    /** A claim last renewed before this instant has lapsed. */
    public OffsetDateTime lapsedBefore() {
        return OffsetDateTime.now(clock).minus(lease);
    }

    @Override
    public List<DeliveryOrder> take(int limit) {
        return jdbc.sql("""
                select id, alert_id, channel from delivery
                where ((status = 'QUEUED' and updated_at < :lapsed)
                       or (status = 'RETRYING' and updated_at < :retryLapsed))
                  and not (channel = 'SMS' and exists (select 1 from sms_hold where until > :now))
                order by id limit :limit for update skip locked""")
                .param("lapsed", lapsedBefore()).param("retryLapsed", lapsedBefore().minus(LONGEST_RETRY_WAIT))
                .param("now", OffsetDateTime.now(clock)).param("limit", limit)
                .query((rs, n) -> new DeliveryOrder(rs.getLong("id"), rs.getLong("alert_id"), rs.getString("channel")))
                .list();
    }

    @Override
    public void requeued(List<DeliveryOrder> orders) {
        jdbc.sql("""
                update delivery set claimed_by = null, updated_at = :now
                where id in (:ids) and status in ('QUEUED', 'RETRYING')""")
                .param("now", OffsetDateTime.now(clock))
                .param("ids", orders.stream().map(DeliveryOrder::deliveryId).toList()).update();
    }

    @Override
    public int finishStrandedAlerts() {
        return progress.finishStranded();
    }

    @Override
    public String round() {
        return "-swept-" + OffsetDateTime.now(clock).toEpochSecond();
    }
}
