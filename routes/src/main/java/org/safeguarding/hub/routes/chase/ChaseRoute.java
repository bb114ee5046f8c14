package org.safeguarding.hub.routes.chase;

import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.hub.routes.fanout.DeliveryDispatcher;

/**
 * Step 7 of the flow. On a timer, takes the chase steps that are due (reminders to a school's DSL, then its deputy
 * DSL and head, then a digest to the local authority's safeguarding team) and puts the reminders on the channel
 * queues exactly as the fan-out does, so the channel routes send them and the ledger records their fate. Every hub
 * instance runs it: the ledger, not the timer, makes each reminder happen once.
 */
public class ChaseRoute extends RouteBuilder {

    @Override
    public void configure() {
        // a fresh start waits one interval: the broker and the channel routes come up first
        from("timer:chase?period={{hub.chase.poll-interval:60000}}&delay={{hub.chase.poll-interval:60000}}")
                .routeId("chase")
                .bean(ChasePlanner.class, "planDueSteps")
                .filter(simple("${body} > 0"))
                    .log("Chase: ${body} schools chased")
                .end()
                .split(method(ChasePlanner.class, "unqueuedBatches({{hub.fanout.batch-size:500}})"))
                    .streaming()
                    .to("direct:chase-queue")
                .end();

        // one batch per database transaction, its rows locked from being taken until they are marked queued, after
        // the broker has committed them: a second hub instance passes over them instead of queuing them again, and a
        // crash in between leaves them to be queued next time (a delivery is claimed by one message only)
        from("direct:chase-queue")
                .routeId("chase-queue")
                .transacted()
                .bean(ChasePlanner.class, "take")
                .filter(simple("${body.size()} > 0"))
                    .setProperty("orders", body())
                    .bean(DeliveryDispatcher.class, "dispatch")
                    .bean(ChasePlanner.class, "queued(${exchangeProperty.orders})")
                .end();
    }
}
