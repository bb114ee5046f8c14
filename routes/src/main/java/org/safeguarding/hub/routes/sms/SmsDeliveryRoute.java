package org.safeguarding.hub.routes.sms;

import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.hub.routes.DeadLetters;
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.routes.RetryLaterException;
import org.safeguarding.hub.routes.UnreadableDeliveryException;
import org.safeguarding.hub.routes.sms.TextOutcome.Fate;

/**
 * Step 5 of the flow, the SMS channel. Concurrent consumers each take a batch of deliveries; the ledger claims the
 * texts covering them (one per mobile number per message) and renders each; {@link SmsSending} sends them to GOV.UK
 * Notify under the deployment's cap; every outcome is recorded in one go. As for email, the consumer is transacted:
 * texts that failed transiently (5xx, network) roll the message back for the broker's backoff, and on the last
 * attempt are FAILED and parked on the dead-letter queue. Texts that must wait (Notify's rate limit stayed busy, or
 * its daily limit holds SMS until midnight UTC) are no failure and use no attempt: their batch is queued again,
 * scheduled for when they may go. Receipts arrive at the hub's API; a second route asks Notify about those that
 * never came.
 */
public class SmsDeliveryRoute extends RouteBuilder {

    static final String ATTEMPT = "JMSXDeliveryCount";
    private static final String BATCH = "smsBatch";
    private static final String LAST_ATTEMPT = "lastAttempt";
    /** Artemis's scheduled delivery: the message is delivered at this time (epoch millis), not before. */
    static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    @Override
    public void configure() {
        int maxAttempts = Integer.parseInt(getContext().resolvePropertyPlaceholders(
                "{{hub.broker.max-delivery-attempts:10}}"));

        onException(UnreadableDeliveryException.class)
                .handled(true)
                .log("Unreadable message on " + HubQueues.DELIVERIES_SMS + ": ${exception.message}")
                .process(exchange -> DeadLetters.park(exchange, HubQueues.DELIVERIES_SMS,
                        exchange.getMessage().getBody(String.class),
                        exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))
                .to(DeadLetters.ENDPOINT);

        onException(RetryLaterException.class)
                .handled(false)
                .log("${exception.message}; the broker redelivers the batch after its backoff");

        from("jms:queue:" + HubQueues.DELIVERIES_SMS
                + "?transacted=true&concurrentConsumers={{hub.sms.concurrent-consumers:4}}&cacheLevelName=CACHE_CONSUMER")
                .routeId("sms-delivery")
                .process(exchange -> {
                    exchange.setProperty(LAST_ATTEMPT,
                            exchange.getMessage().getHeader(ATTEMPT, 1, Integer.class) >= maxAttempts);
                    DeliveryBatch batch = DeliveryBatch.parse(exchange.getMessage().getBody(String.class));
                    exchange.setProperty(BATCH, batch);
                    exchange.getMessage().setBody(batch);
                })
                .bean(SmsDeliveries.class, "prepare(${body}, ${header.JMSMessageID})")
                .bean(SmsSending.class, "send(${body}, ${exchangeProperty." + LAST_ATTEMPT + "})")
                .bean(SmsDeliveries.class, "record(${body})")
                .setProperty("outcomes", body())
                .filter(exchange -> has(exchange, Fate.GAVE_UP))
                    .process(exchange -> DeadLetters.park(exchange, HubQueues.DELIVERIES_SMS,
                            batch(exchange).body(),
                            "gave up after " + maxAttempts + " attempts: " + firstError(exchange, Fate.GAVE_UP)))
                    .to(DeadLetters.ENDPOINT)
                .end()
                .filter(exchange -> has(exchange, Fate.RETRYING))
                    .process(exchange -> {
                        throw new RetryLaterException(count(exchange, Fate.RETRYING)
                                + " text(s) failed for now: " + firstError(exchange, Fate.RETRYING));
                    })
                .end()
                .filter(exchange -> has(exchange, Fate.WAITING))
                    .process(SmsDeliveryRoute::queueAgainLater)
                    .log("${header.waitingTexts} text(s) wait until ${header.waitUntil}: ${header.waitReason}")
                    .to("jms:queue:" + HubQueues.DELIVERIES_SMS)
                .end();

        from("timer:sms-receipt-check?delay={{hub.sms.receipt-check-interval:60000}}"
                + "&period={{hub.sms.receipt-check-interval:60000}}")
                .routeId("sms-receipt-check")
                .bean(SmsDeliveries.class, "checkOverdueReceipts");
    }

    /**
     * The same batch again, as a new message delivered when its waiting texts may go: its texts already sent are
     * skipped by the ledger's claim. A new message, so no duplicate-detection id, and its delivery count starts afresh.
     */
    private static void queueAgainLater(Exchange exchange) {
        TextOutcome first = outcomes(exchange).stream().filter(o -> o.fate() == Fate.WAITING).findFirst().orElseThrow();
        Instant until = outcomes(exchange).stream().filter(o -> o.fate() == Fate.WAITING)
                .map(TextOutcome::waitUntil).min(Instant::compareTo).orElseThrow();
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(SCHEDULED_DELIVERY, until.toEpochMilli());
        exchange.getMessage().setHeader("waitingTexts", count(exchange, Fate.WAITING));
        exchange.getMessage().setHeader("waitUntil", until.toString());
        exchange.getMessage().setHeader("waitReason", first.error());
        exchange.getMessage().setBody(batch(exchange).body());
    }

    private static DeliveryBatch batch(Exchange exchange) {
        return exchange.getProperty(BATCH, DeliveryBatch.class);
    }

    @SuppressWarnings("unchecked")
    private static List<TextOutcome> outcomes(Exchange exchange) {
        return exchange.getProperty("outcomes", List.class);
    }

    private static boolean has(Exchange exchange, Fate fate) {
        return outcomes(exchange).stream().anyMatch(outcome -> outcome.fate() == fate);
    }

    private static long count(Exchange exchange, Fate fate) {
        return outcomes(exchange).stream().filter(outcome -> outcome.fate() == fate).count();
    }

    private static String firstError(Exchange exchange, Fate fate) {
        return outcomes(exchange).stream().filter(outcome -> outcome.fate() == fate).findFirst()
                .map(TextOutcome::error).orElse("");
    }
}
