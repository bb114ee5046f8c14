package org.safeguarding.hub.routes.sms;

/** The deployment's SMS cap (hub.sms.max-per-minute with Notify's burst), shared by every hub instance. */
public interface SmsRateLimit {

    /** Blocks until one more text may go to Notify. */
    void acquire() throws InterruptedException;
}
