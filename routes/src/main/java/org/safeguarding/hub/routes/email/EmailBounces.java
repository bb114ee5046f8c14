package org.safeguarding.hub.routes.email;

/** What the bounce route needs from the application: read one message of the bounce mailbox and record it. */
public interface EmailBounces {

    /** Records what a delivery status notification (a bounce) says; anything else (an auto-reply) is ignored. */
    void record(byte[] mime);
}
