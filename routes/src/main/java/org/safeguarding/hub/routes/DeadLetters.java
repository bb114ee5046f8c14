package org.safeguarding.hub.routes;

import org.apache.camel.Exchange;

/**
 * Parking deliveries a channel has given up on, as the broker's own dead-lettering does: the message goes to the
 * dead-letter address (multicast: each DLQ.&lt;queue&gt; there takes what its filter on _AMQ_ORIG_ADDRESS matches),
 * with the reason. Every channel route parks its exhausted deliveries this way.
 */
public final class DeadLetters {

    /** The dead-letter address, as a Camel endpoint. */
    public static final String ADDRESS = "jms:topic:{{hub.broker.dead-letter-address:DLA}}";

    private DeadLetters() {
    }

    /** Makes the exchange's message the dead letter of {@code queue}: send it to {@link #ADDRESS} next. */
    public static void park(Exchange exchange, String queue, String body, String reason) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("_AMQ_ORIG_ADDRESS", queue);
        exchange.getMessage().setHeader("deadLetterReason", reason);
        exchange.getMessage().setBody(body);
    }

    /** Some deliveries of a batch failed for now: roll the message back so the broker redelivers it after its backoff. */
    public static class RetryLaterException extends RuntimeException {
        public RetryLaterException(String message) {
            super(message, null, false, false);
        }
    }
}
