package org.safeguarding.hub.delivery;

import org.safeguarding.hub.routes.email.ReusedSmtpConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the hub has started, renders a made-up alert's email and builds its message without sending it, on a thread of
 * its own. The first alert after a start is often the urgent one: cold, its first batch spent half a second loading
 * and initialising the template engine, its parsed templates and Jakarta Mail while eight consumers waited on each
 * other for them (FanoutBenchmark, approval to first email). Nothing is sent and nothing is recorded about any alert
 * (the school link in it may create the hub's link-signing key, as the first alert would); a failure is logged and
 * changes nothing but that first batch's speed.
 */
@Component
class EmailRehearsal {

    private static final Logger log = LoggerFactory.getLogger(EmailRehearsal.class);

    private final EmailDeliveryService emails;
    private final ReusedSmtpConnections smtp;

    EmailRehearsal(EmailDeliveryService emails, ReusedSmtpConnections smtp) {
        this.emails = emails;
        this.smtp = smtp;
    }

    @EventListener(ApplicationReadyEvent.class)
    void rehearseOnceStarted() {
        Thread rehearsal = new Thread(() -> {
            try {
                long start = System.nanoTime();
                smtp.rehearse(emails.rehearsal());
                log.info("Rehearsed an email in {} ms, sending nothing", (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                log.warn("Rehearsing an email at start failed (the first alert's emails are sent all the same): {}",
                        e.toString());
            }
        }, "email-rehearsal");
        rehearsal.setDaemon(true);
        rehearsal.start();
    }
}
