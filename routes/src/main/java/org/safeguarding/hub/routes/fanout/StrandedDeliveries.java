package org.safeguarding.hub.routes.fanout;

import java.util.List;

/**
 * What the claim sweep needs from the ledger: deliveries still to be sent whose claim has lapsed (the message that
 * claimed them, or carried them, is gone: a consumer killed mid-batch, a broker that lost a message), to queue again.
 */
public interface StrandedDeliveries {

    /** Up to {@code limit} stranded deliveries, locked until this transaction ends (other instances skip them). */
    List<DeliveryOrder> take(int limit);

    /** They are on their queue again: their claim is released and their lease starts afresh. */
    void requeued(List<DeliveryOrder> orders);

    /**
     * Alerts still SENDING with none of their deliveries open, left so by a process that died between recording an
     * alert's last outcome and marking it SENT: SENT now.
     *
     * @return how many
     */
    int finishStrandedAlerts();

    /** Names this sweep's messages for duplicate detection, so they are not refused as repeats of the lost ones. */
    String round();
}
