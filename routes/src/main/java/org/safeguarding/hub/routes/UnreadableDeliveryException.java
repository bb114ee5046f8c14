package org.safeguarding.hub.routes;

/** A message on a channel queue that is not a delivery: it can never succeed, so it is dead-lettered at once. */
public class UnreadableDeliveryException extends RuntimeException {

    public UnreadableDeliveryException(String message) {
        super(message);
    }
}
