package org.safeguarding.hub.routes;

import org.apache.camel.Exchange;

/** Parking a channel message on its dead-letter queue from a route, with the reason, as the broker itself does. */
public final class DeadLetters {

    /** The dead-letter address: each DLQ.&lt;queue&gt; there takes what its filter on _AMQ_ORIG_ADDRESS matches. */
    public static final String ENDPOINT = "jms:topic:{{hub.broker.dead-letter-address:DLA}}";

    private DeadLetters() {
    }

    /** Makes the exchange's message the one to send to {@link #ENDPOINT}: {@code body} from {@code queue}, with why. */
    public static void park(Exchange exchange, String queue, String body, String reason) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("_AMQ_ORIG_ADDRESS", queue);
        exchange.getMessage().setHeader("deadLetterReason", reason);
        exchange.getMessage().setBody(body);
    }
}
