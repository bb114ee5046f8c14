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
     * Reminders and digests written but not yet put on their channel queue (those just planned, and any a crash or a
     * broker outage kept off it), read in batches of one alert's as the iterator is walked.
     */
    Iterator<List<DeliveryOrder>> unqueuedBatches(int batchSize);

    /**
     * Those of {@code orders} still not on their channel queue, locked until the caller's transaction ends: another
     * hub instance queuing the same ones meanwhile passes over them.
     */
    List<DeliveryOrder> take(List<DeliveryOrder> orders);

    /** Records that these are now on their channel queue. */
    void queued(List<DeliveryOrder> orders);
}
