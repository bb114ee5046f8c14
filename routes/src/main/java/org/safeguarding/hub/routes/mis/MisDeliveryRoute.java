package org.safeguarding.hub.routes.mis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.hub.routes.DeadLetters;
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.routes.UnreadableDeliveryException;
import org.safeguarding.hub.routes.mis.WebhookOutcome.Fate;

/**
 * Step 5 of the flow, the school MIS channel. Concurrent consumers each take a batch of deliveries, have the ledger
 * claim them and write each school's webhook, POST them all at once (signed per Standard Webhooks) and record each
 * outcome as it arrives. A webhook that failed for now (429, 5xx, timeout, refused connection) is put back on the
 * queue as a new message scheduled for later: after the receiver's Retry-After, or the backoff, whichever is longer;
 * the broker's fixed redelivery backoff could not honour a Retry-After. Its webhook-id stays the same. After the last
 * attempt it is FAILED and parked on the dead-letter queue with the reason.
 */
public class MisDeliveryRoute extends RouteBuilder {

    /** Artemis: deliver the message no sooner than this (epoch milliseconds). */
    static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";
    private static final String OUTCOMES = "webhookOutcomes";

    private final RetryBackoff backoff;
    private final Clock clock;

    public MisDeliveryRoute(RetryBackoff backoff, Clock clock) {
        this.backoff = backoff;
        this.clock = clock;
    }

    @Override
    public void configure() {
        onException(UnreadableDeliveryException.class)
                .handled(true)
                .log("Unreadable message on " + HubQueues.DELIVERIES_MIS + ": ${exception.message}")
                .process(exchange -> DeadLetters.park(exchange, HubQueues.DELIVERIES_MIS,
                        exchange.getMessage().getBody(String.class),
                        exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))
                .to(DeadLetters.ENDPOINT);

        from("jms:queue:" + HubQueues.DELIVERIES_MIS
                + "?transacted=true&concurrentConsumers={{hub.mis.concurrent-consumers:8}}&cacheLevelName=CACHE_CONSUMER")
                .routeId("mis-delivery")
                .process(exchange -> exchange.getMessage()
                        .setBody(DeliveryBatch.parse(exchange.getMessage().getBody(String.class))))
                .bean(MisDeliveries.class, "prepare(${body}, ${header.JMSMessageID})")
                .process(this::sendAll)
                .filter(exchange -> has(exchange, Fate.GAVE_UP))
                    .process(exchange -> DeadLetters.park(exchange, HubQueues.DELIVERIES_MIS,
                            batchOf(exchange, Fate.GAVE_UP).body(), "gave up after " + backoff.maxAttempts()
                                    + " attempts: " + firstError(exchange, Fate.GAVE_UP)))
                    .to(DeadLetters.ENDPOINT)
                .end()
                .filter(exchange -> has(exchange, Fate.RETRYING))
                    .process(this::scheduleRetry)
                    .log("${header.retrying} MIS webhook(s) failed for now; tried again at ${header.retryAt}")
                    .to("jms:queue:" + HubQueues.DELIVERIES_MIS)
                .end();
    }

    private void sendAll(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<OutgoingWebhook> webhooks = exchange.getMessage().getBody(List.class);
        MisDeliveries ledger = exchange.getContext().getRegistry().findSingleByType(MisDeliveries.class);
        WebhookSender sender = exchange.getContext().getRegistry().findSingleByType(WebhookSender.class);
        List<WebhookOutcome> outcomes = sender.sendAll(webhooks, backoff.maxAttempts(),
                outcome -> ledger.record(List.of(outcome)));
        ledger.settle(outcomes);
        exchange.setProperty(OUTCOMES, outcomes);
    }

    /** The retrying webhooks, as one new message the broker holds back until they are due. */
    private void scheduleRetry(Exchange exchange) {
        List<WebhookOutcome> retrying = of(exchange, Fate.RETRYING);
        Duration wait = retrying.stream().map(o -> backoff.after(o.webhook().attemptsBefore() + 1))
                .max(Duration::compareTo).orElse(backoff.first());
        Duration retryAfter = retrying.stream().map(WebhookOutcome::retryAfter).filter(java.util.Objects::nonNull)
                .max(Duration::compareTo).orElse(null);
        Instant due = WebhookSender.notBefore(clock.instant(), wait, retryAfter);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(batchOf(exchange, Fate.RETRYING).body());
        exchange.getMessage().setHeader(SCHEDULED_DELIVERY, due.toEpochMilli());
        exchange.getMessage().setHeader("retrying", retrying.size());
        exchange.getMessage().setHeader("retryAt", due.toString());
    }

    @SuppressWarnings("unchecked")
    private static List<WebhookOutcome> outcomes(Exchange exchange) {
        return exchange.getProperty(OUTCOMES, List.class);
    }

    private static List<WebhookOutcome> of(Exchange exchange, Fate fate) {
        return outcomes(exchange).stream().filter(outcome -> outcome.fate() == fate).toList();
    }

    private static boolean has(Exchange exchange, Fate fate) {
        return !of(exchange, fate).isEmpty();
    }

    private static DeliveryBatch batchOf(Exchange exchange, Fate fate) {
        return new DeliveryBatch(of(exchange, fate).stream().map(o -> o.webhook().deliveryId()).toList());
    }

    private static String firstError(Exchange exchange, Fate fate) {
        return of(exchange, fate).stream().findFirst().map(WebhookOutcome::error).orElse("");
    }
}
