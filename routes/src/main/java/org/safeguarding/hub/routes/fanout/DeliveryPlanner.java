package org.safeguarding.hub.routes.fanout;

import java.util.Iterator;
import java.util.List;

/** What the enrichment route needs from the application: the school directory and the delivery ledger. */
public interface DeliveryPlanner {

    /**
     * Writes one QUEUED delivery per targeted open school x channel (UNREACHABLE where the school has no contact
     * for the channel) and marks the alert as sending. Idempotent: a redelivered alert plans nothing twice.
     *
     * @return how many deliveries are queued to send
     */
    int plan(long alertId);

    /** The alert's QUEUED deliveries, read from the database in batches as the iterator is walked. */
    Iterator<List<DeliveryOrder>> queuedBatches(long alertId, int batchSize);
}
