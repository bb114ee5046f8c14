package org.safeguarding.hub.routes.retention;

/** What the retention route needs from the application: remove the personal data that is due for removal. */
public interface RetentionPurge {

    /** Runs the purge unless another instance is running it now; returns what it removed, for the log. */
    String purgeDue();
}
