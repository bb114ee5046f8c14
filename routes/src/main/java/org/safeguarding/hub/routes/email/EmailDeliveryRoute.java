package org.safeguarding.hub.routes.email;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailConstants;
import org.safeguarding.hub.routes.HubQueues;

/**
 * Step 5 of the flow, the email channel. Concurrent consumers take one delivery each, have it rendered for its
 * school, send it over SMTP and record the outcome. The consumer is transacted: on a transient failure (SMTP 4xx,
 * server down) the ledger says RETRYING and the message goes back to the broker, which redelivers it with
 * exponential backoff; the last attempt is recorded FAILED and the broker parks the message on its dead-letter
 * queue. An SMTP 5xx is FAILED at once. A message that is not a delivery id goes straight to the dead-letter queue.
 */
public class EmailDeliveryRoute extends RouteBuilder {

    static final String DELIVERY_ID = "deliveryId";
    static final String ATTEMPT = "JMSXDeliveryCount";

    @Override
    public void configure() {
        onException(UnreadableDeliveryException.class)
                .handled(true)
                .log("Unreadable message on " + HubQueues.DELIVERIES_EMAIL + ": ${exception.message}")
                .removeHeaders("*")
                .setHeader("_AMQ_ORIG_ADDRESS", constant(HubQueues.DELIVERIES_EMAIL))
                .setHeader("deadLetterReason", simple("${exception.message}"))
                // multicast, as the broker's own dead-lettering: each DLQ.<queue> on the DLA takes what its filter
                // (_AMQ_ORIG_ADDRESS) matches; an anycast send would go to just one of them, or be refused
                .to("jms:topic:{{hub.broker.dead-letter-address:DLA}}");

        onException(Exception.class)
                .onWhen(exchange -> SmtpFailure.reachedSomeone(failure(exchange)))
                .handled(true)
                .process(EmailDeliveryRoute::describeFailure)
                .bean(EmailDeliveries.class, "sentPartly(${exchangeProperty.deliveryId}, ${exchangeProperty.failure})");

        onException(Exception.class)
                .onWhen(exchange -> SmtpFailure.isPermanent(failure(exchange)))
                .handled(true)
                .process(EmailDeliveryRoute::describeFailure)
                .bean(EmailDeliveries.class, "failed(${exchangeProperty.deliveryId}, ${exchangeProperty.attempt}, "
                        + "${exchangeProperty.failure})");

        onException(Exception.class)
                .handled(false)
                .process(EmailDeliveryRoute::describeFailure)
                .choice()
                    .when(simple("${exchangeProperty.attempt} >= {{hub.broker.max-delivery-attempts:10}}"))
                        .bean(EmailDeliveries.class, "failed(${exchangeProperty.deliveryId}, ${exchangeProperty.attempt}, "
                                + "${exchangeProperty.failure})")
                    .otherwise()
                        .bean(EmailDeliveries.class, "retrying(${exchangeProperty.deliveryId}, ${exchangeProperty.attempt}, "
                                + "${exchangeProperty.failure})")
                .end();

        from("jms:queue:" + HubQueues.DELIVERIES_EMAIL
                + "?transacted=true&concurrentConsumers={{hub.email.concurrent-consumers:8}}&cacheLevelName=CACHE_CONSUMER")
                .routeId("email-delivery")
                .process(exchange -> {
                    // the broker counts deliveries of this message (1 = first); the ledger records attempts from it
                    exchange.setProperty("attempt", exchange.getMessage().getHeader(ATTEMPT, 1, Integer.class));
                    exchange.setProperty(DELIVERY_ID, deliveryId(exchange.getMessage().getBody(String.class)));
                })
                .bean(EmailDeliveries.class, "prepare(${exchangeProperty.deliveryId}, ${header.JMSMessageID})")
                .filter(body().isNotNull())
                    .process(EmailDeliveryRoute::toMail)
                    .to("smtp://{{spring.mail.host}}:{{spring.mail.port:25}}?javaMailSender=#reusedSmtpConnections"
                            + "&contentType=RAW(text/html; charset=UTF-8)&useInlineAttachments=false")
                    .bean(EmailDeliveries.class, "sent(${exchangeProperty.deliveryId})")
                .end();
    }

    /** Only the mail headers: camel-mail would copy any other header (JMS, broker) into the email. */
    static void toMail(Exchange exchange) {
        OutgoingEmail email = exchange.getMessage().getBody(OutgoingEmail.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(MailConstants.MAIL_FROM, email.from());
        exchange.getMessage().setHeader(MailConstants.MAIL_TO, String.join(", ", email.to()));
        exchange.getMessage().setHeader(MailConstants.MAIL_SUBJECT, email.subject());
        exchange.getMessage().setHeader("Message-ID", email.messageId());
        exchange.getMessage().setHeader(MailConstants.MAIL_ALTERNATIVE_BODY, email.text());
        exchange.getMessage().setBody(email.html());
    }

    private static Throwable failure(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    private static void describeFailure(Exchange exchange) {
        exchange.setProperty("failure", SmtpFailure.describe(failure(exchange)));
    }

    static long deliveryId(String body) {
        try {
            return Long.parseLong(body == null ? "" : body.strip());
        } catch (NumberFormatException e) {
            throw new UnreadableDeliveryException("not a delivery id: '"
                    + (body == null ? "" : body.length() > 40 ? body.substring(0, 40) + "…" : body) + "'");
        }
    }
}
