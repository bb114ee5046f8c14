package org.safeguarding.hub.routes.email;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.hub.routes.DeadLetters;
import org.safeguarding.hub.routes.DeliveryBatch;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.routes.RetryLaterException;
import org.safeguarding.hub.routes.UnreadableDeliveryException;
import org.safeguarding.hub.routes.email.EmailOutcome.Fate;

/**
 * Step 5 of the flow, the email channel. Concurrent consumers each take a batch of deliveries, have the ledger claim
 * and render them for their schools, send each over SMTP (Jakarta Mail, one reused connection per consumer) and
 * record every outcome in one go. The consumer is transacted: when some emails of a batch failed transiently (SMTP
 * 4xx, server down) they are recorded RETRYING and the message goes back to the broker, which redelivers it with
 * exponential backoff; only those are sent again. On the last attempt they are recorded FAILED and parked on the
 * dead-letter queue. An SMTP 5xx is FAILED at once. A message that is not a batch of deliveries goes straight to the
 * dead-letter queue.
 */
public class EmailDeliveryRoute extends RouteBuilder {

    static final String ATTEMPT = "JMSXDeliveryCount";
    /** Jakarta Mail over the SMTP server of spring.mail.*, one reused connection per consuming thread. */
    public static final String SMTP = "bean:reusedSmtpConnections?method=deliver(${body})";
    private static final String OUTCOMES = "emailOutcomes";
    private static final String EMAIL = "email";
    private static final String LAST_ATTEMPT = "lastAttempt";

    @Override
    public void configure() {
        int maxAttempts = Integer.parseInt(getContext().resolvePropertyPlaceholders(
                "{{hub.broker.max-delivery-attempts:10}}"));

        onException(UnreadableDeliveryException.class)
                .handled(true)
                .log("Unreadable message on " + HubQueues.DELIVERIES_EMAIL + ": ${exception.message}")
                .process(exchange -> toDeadLetter(exchange, exchange.getMessage().getBody(String.class),
                        exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))
                .to(DeadLetters.ENDPOINT);

        onException(RetryLaterException.class)
                .handled(false)
                .log("${exception.message}; the broker redelivers the batch after its backoff");

        from("jms:queue:" + HubQueues.DELIVERIES_EMAIL
                + "?transacted=true&concurrentConsumers={{hub.email.concurrent-consumers:16}}&cacheLevelName=CACHE_CONSUMER")
                .routeId("email-delivery")
                .process(exchange -> {
                    exchange.setProperty(OUTCOMES, new ArrayList<EmailOutcome>());
                    // the broker counts deliveries of this message (1 = first)
                    exchange.setProperty(LAST_ATTEMPT,
                            exchange.getMessage().getHeader(ATTEMPT, 1, Integer.class) >= maxAttempts);
                    exchange.getMessage().setBody(DeliveryBatch.parse(exchange.getMessage().getBody(String.class)));
                })
                .bean(EmailDeliveries.class, "prepare(${body}, ${header.JMSMessageID})")
                .split(body())
                    .setProperty(EMAIL, body())
                    .doTry()
                        // Jakarta Mail directly, over this consumer's reused connection: camel-mail's per-message
                        // binding was a fifth of the CPU per email and added nothing here
                        .to(SMTP)
                        .process(exchange -> outcomes(exchange).add(EmailOutcome.sent(email(exchange))))
                    .doCatch(Exception.class)
                        .process(exchange -> outcomes(exchange).add(EmailOutcome.failed(email(exchange),
                                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class),
                                exchange.getProperty(LAST_ATTEMPT, false, Boolean.class))))
                    .end()
                .end()
                .setBody(exchangeProperty(OUTCOMES))
                .bean(EmailDeliveries.class, "record(${body})")
                .filter(exchange -> has(exchange, Fate.GAVE_UP))
                    .process(exchange -> toDeadLetter(exchange, new DeliveryBatch(ids(exchange, Fate.GAVE_UP)).body(),
                            "gave up after " + maxAttempts + " attempts: " + firstError(exchange, Fate.GAVE_UP)))
                    .to(DeadLetters.ENDPOINT)
                .end()
                .filter(exchange -> has(exchange, Fate.RETRYING))
                    .process(exchange -> {
                        throw new RetryLaterException(ids(exchange, Fate.RETRYING).size()
                                + " email(s) failed for now: " + firstError(exchange, Fate.RETRYING));
                    })
                .end();
    }

    private static void toDeadLetter(Exchange exchange, String body, String reason) {
        DeadLetters.park(exchange, HubQueues.DELIVERIES_EMAIL, body, reason);
    }

    private static OutgoingEmail email(Exchange exchange) {
        return exchange.getProperty(EMAIL, OutgoingEmail.class);
    }

    @SuppressWarnings("unchecked")
    private static List<EmailOutcome> outcomes(Exchange exchange) {
        return exchange.getProperty(OUTCOMES, List.class);
    }

    private static boolean has(Exchange exchange, Fate fate) {
        return outcomes(exchange).stream().anyMatch(outcome -> outcome.fate() == fate);
    }

    private static List<Long> ids(Exchange exchange, Fate fate) {
        return outcomes(exchange).stream().filter(outcome -> outcome.fate() == fate)
                .map(outcome -> outcome.email().deliveryId()).toList();
    }

    private static String firstError(Exchange exchange, Fate fate) {
        return outcomes(exchange).stream().filter(outcome -> outcome.fate() == fate).findFirst()
                .map(EmailOutcome::error).orElse("");
    }
}
