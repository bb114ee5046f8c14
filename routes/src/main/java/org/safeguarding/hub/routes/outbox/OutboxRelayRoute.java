package org.safeguarding.hub.routes.outbox;

import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.hub.routes.HubQueues;

/**
 * Step 3 of the flow. Polls the outbox and publishes each approved alert to {@code hub.alerts.approved} with an
 * Artemis duplicate-detection id, then marks the entry published. A crash between the two publishes the entry
 * again on restart; the broker drops the copy, so nothing is lost and nothing is sent twice.
 */
public class OutboxRelayRoute extends RouteBuilder {

    /** Header Artemis reads the duplicate-detection id from ({@code _AMQ_DUPL_ID}, spelt as JMS allows). */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    @Override
    public void configure() {
        from("timer:outbox-relay?period={{hub.outbox.poll-interval:100}}&delay={{hub.outbox.initial-delay:1000}}")
                .routeId("outbox-relay")
                .bean(Outbox.class, "unpublished({{hub.outbox.batch-size:100}})")
                .split(body())
                    .setHeader(DUPLICATE_ID, simple("${body.duplicateId()}"))
                    .setHeader("alertId", simple("${body.alertId()}"))
                    .setHeader("event", simple("${body.event()}"))
                    .setProperty("outboxEntry", simple("${body.id()}"))
                    .setBody(simple("${body.alertId()}"))
                    .to("jms:queue:" + HubQueues.ALERTS_APPROVED + "?deliveryPersistent=true")
                    .bean(Outbox.class, "markPublished(${exchangeProperty.outboxEntry})")
                .end();
    }
}
