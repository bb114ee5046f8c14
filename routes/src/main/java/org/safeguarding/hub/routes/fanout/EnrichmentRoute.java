package org.safeguarding.hub.routes.fanout;

import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.hub.routes.HubQueues;

/**
 * Step 4 of the flow. For each approved alert, chunk by chunk of schools: plan the chunk's deliveries in the ledger
 * (school x channel, committed), then put them on one queue per channel; the first schools are being told while the
 * rest are planned, and the whole recipient list is never in memory. The consumer is transacted: a crash mid-way
 * redelivers the alert, planning is idempotent (each chunk gives back its deliveries still queued) and the broker's
 * duplicate detection drops batches already queued; the ledger's claim sends each delivery once whatever is queued
 * twice. The alert cannot become SENT before its last chunk is planned.
 */
public class EnrichmentRoute extends RouteBuilder {

    private static final String AFTER = "plannedAfterUrn";
    private static final String MORE = "morePlanning";

    @Override
    public void configure() {
        from("jms:queue:" + HubQueues.ALERTS_APPROVED + "?transacted=true")
                .routeId("alert-enrichment")
                .convertBodyTo(Long.class)
                .setHeader("alertId", body())
                .setProperty(AFTER, constant(0L))
                .setProperty(MORE, constant(true))
                .loopDoWhile(exchangeProperty(MORE))
                    .bean(DeliveryPlanner.class, "planChunk(${header.alertId}, ${exchangeProperty." + AFTER
                            + "}, {{hub.fanout.batch-size:500}})")
                    .setProperty(AFTER, simple("${body.lastUrn}"))
                    .setProperty(MORE, simple("${body.more}"))
                    .setBody(simple("${body.queued}"))
                    .bean(DeliveryDispatcher.class, "dispatch")
                .end()
                .bean(DeliveryPlanner.class, "finishPlanning(${header.alertId})")
                .log("Alert ${header.alertId}: planned; ${body} deliveries still queued");
    }
}
