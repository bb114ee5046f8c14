package org.safeguarding.hub.routes.retention;

import org.apache.camel.builder.RouteBuilder;

/**
 * Storage limitation: on a timer, removes the personal data of people outside the partnership once an alert has been
 * expired long enough (hub.retention.*). Every instance runs the timer; the purge itself runs on one at a time.
 */
public class RetentionRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:retention?period={{hub.retention.poll-interval:3600000}}&delay={{hub.retention.initial-delay:300000}}")
                .routeId("retention")
                .bean(RetentionPurge.class, "purgeDue")
                .log("Retention: ${body}");
    }
}
