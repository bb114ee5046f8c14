package org.safeguarding.hub.routes.fanout;

import java.util.List;

/** What the enrichment route needs from the application: the school directory and the delivery ledger. */
public interface DeliveryPlanner {

    /**
     * One chunk of an alert's plan, committed: the schools after {@code lastUrn} of the chunk before it, up to its own.
     *
     * @param queued the chunk's deliveries to send now (planned by this call or, after a crash, by an earlier one)
     * @param more whether schools after {@code lastUrn} are still to be planned
     */
    record PlannedChunk(long lastUrn, boolean more, List<DeliveryOrder> queued) {
    }

    /**
     * Plans the next {@code schools} targeted schools after urn {@code afterUrn}, in one database transaction: one
     * QUEUED delivery per open school x channel (UNREACHABLE where the school has no contact for the channel) and each
     * school's acknowledgement link; the alert is sending from the first chunk on. Idempotent: a redelivered alert
     * plans nothing twice, and gets back the deliveries still queued.
     */
    PlannedChunk planChunk(long alertId, long afterUrn, int schools);

    /**
     * Every chunk is planned: from now on the alert becomes SENT when its last delivery is final (now, if none is
     * open).
     *
     * @return how many of its deliveries are still queued
     */
    int finishPlanning(long alertId);

    /** The whole plan in one transaction, nothing queued: for tools and tests that queue or send by hand. */
    int plan(long alertId);
}
