package org.safeguarding.hub.routes;

/**
 * Some deliveries of a batch failed transiently: thrown (and not handled) to roll the transacted consumer's message
 * back, so the broker redelivers it after its backoff. The ledger keeps those deliveries claimed by the message.
 */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message) {
        super(message, null, false, false);
    }
}
