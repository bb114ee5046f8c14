package org.safeguarding.hub.routes.fanout;

import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.hub.routes.HubQueues;

/**
 * Step 4 of the flow. For each approved alert: plan its deliveries in the ledger (school x channel), then stream
 * the queued ones from the database in batches onto one queue per channel. The whole recipient list is never in
 * memory. The consumer is transacted: a crash mid-way redelivers the alert, planning is idempotent and the
 * broker's duplicate detection drops deliveries already queued.
 */
public class EnrichmentRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("jms:queue:" + HubQueues.ALERTS_APPROVED + "?transacted=true")
                .routeId("alert-enrichment")
                .convertBodyTo(Long.class)
                .setHeader("alertId", body())
                .bean(DeliveryPlanner.class, "plan(${header.alertId})")
                .log("Alert ${header.alertId}: ${body} deliveries queued")
                .split(method(DeliveryPlanner.class, "queuedBatches(${header.alertId}, {{hub.fanout.batch-size:500}})"))
                    .streaming()
                    .bean(DeliveryDispatcher.class, "dispatch")
                .end();
    }
}
