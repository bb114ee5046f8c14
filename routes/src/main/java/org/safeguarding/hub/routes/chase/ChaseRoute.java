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
                    .setProperty("orders", body())
                    .bean(DeliveryDispatcher.class, "dispatch")
                    // after the broker committed them: a crash in between queues them again, which is harmless
                    // (a delivery is claimed by one message only), where never queuing them would lose them
                    .bean(ChasePlanner.class, "queued(${exchangeProperty.orders})")
                .end();
    }
}
