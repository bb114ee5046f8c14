package org.safeguarding.hub.routes.chase;

import java.util.Iterator;
import java.util.List;
import org.safeguarding.hub.routes.fanout.DeliveryOrder;

/** What the chase route needs from the application: each alert's ladder of reminders, and the delivery ledger. */
public interface ChasePlanner {

    /**
     * Takes every chase step that is now due, for the schools of each alert that have not acknowledged it: writes
     * the reminders and local-authority digests as QUEUED deliveries (UNREACHABLE where there is nobody to write to).
     * Safe to call from several hub instances at once: each step of each alert is taken once.
     *
     * @return how many schools were chased
     */
    int planDueSteps();

    /**
     * Reminders and digests QUEUED and not yet picked up by a channel route, read in batches as the iterator is
     * walked: those just planned, and any whose dispatch a crash interrupted.
     */
    Iterator<List<DeliveryOrder>> queuedBatches(int batchSize);
}
