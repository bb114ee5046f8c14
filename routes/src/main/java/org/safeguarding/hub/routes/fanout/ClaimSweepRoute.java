package org.safeguarding.hub.routes.fanout;

import org.apache.camel.builder.RouteBuilder;

/**
 * A claim is a lease. Every instance, on a timer, queues again the deliveries still to be sent whose claim or queuing
 * is older than {@code hub.delivery.claim-lease} (well above the longest send and the broker's longest redelivery
 * delay), so nothing is stranded whatever crashed in between; the ledger's claim still sends each delivery once. One
 * database transaction per batch with its rows locked (SKIP LOCKED), as the chase queues reminders. Then it marks SENT
 * any alert left sending with nothing open (its last outcome was recorded by a process that died before saying so).
 */
public class ClaimSweepRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:claim-sweep?period={{hub.delivery.sweep-interval:60000}}&delay={{hub.delivery.sweep-interval:60000}}")
                .routeId("claim-sweep")
                .loopDoWhile(simple("${body} == null || ${body} > 0"))
                    .to("direct:claim-sweep-batch")
                .end()
                .bean(StrandedDeliveries.class, "finishStrandedAlerts")
                .filter(simple("${body} > 0"))
                    .log("Claim sweep: ${body} alert(s) with nothing left to send marked sent")
                .end();

        from("direct:claim-sweep-batch")
                .routeId("claim-sweep-batch")
                .transacted()
                .bean(StrandedDeliveries.class, "take({{hub.fanout.batch-size:500}})")
                .setProperty("orders", body())
                .choice()
                    .when(simple("${body.size()} > 0"))
                        .log("Claim sweep: ${body.size()} deliveries whose claim lapsed are queued again")
                        .setProperty("round", method(StrandedDeliveries.class, "round"))
                        .bean(DeliveryDispatcher.class, "dispatch(${exchangeProperty.orders}, ${exchangeProperty.round})")
                        .bean(StrandedDeliveries.class, "requeued(${exchangeProperty.orders})")
                        .setBody(simple("${exchangeProperty.orders.size()}"))
                    .otherwise()
                        .setBody(constant(0))
                .end();
    }
}
