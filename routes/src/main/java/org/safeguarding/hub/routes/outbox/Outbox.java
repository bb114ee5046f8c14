package org.safeguarding.hub.routes.outbox;

import java.util.List;

/** What the outbox relay needs from the application: approved alerts written in the approval transaction. */
public interface Outbox {

    /** Up to {@code max} entries not yet published, oldest first. */
    List<OutboxEntry> unpublished(int max);

    void markPublished(long entryId);

    /** One approved (later: updated, cancelled) alert to publish. */
    record OutboxEntry(long id, long alertId, String event) {

        /** Artemis duplicate-detection id: publishing the same entry twice delivers it once. */
        public String duplicateId() {
            return "outbox-" + id;
        }
    }
}
