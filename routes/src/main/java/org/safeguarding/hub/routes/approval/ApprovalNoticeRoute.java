package org.safeguarding.hub.routes.approval;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.hub.routes.email.EmailDeliveryRoute;
import org.safeguarding.hub.routes.email.SmtpFailure;
import org.safeguarding.hub.routes.sms.NotifyFailure;

/**
 * Step 2 of the flow, the approvers' side: tells approvers an alert awaits them (and reminds them of an EXTREME one
 * left waiting), and tells its authors when it was approved or rejected. The notices are rows written with the
 * change that made them due; these routes send them over the school emails' SMTP connection (and Notify for texts)
 * and record each outcome. A notice that fails for now (SMTP down, 4xx, Notify 5xx) is tried again after a backoff;
 * a restart finds it still queued. Every hub instance runs both routes: claims in the database, not the timers, make
 * each notice and each reminder go once.
 */
public class ApprovalNoticeRoute extends RouteBuilder {

    private static final String NOTICE = "approvalNotice";

    @Override
    public void configure() {
        from("timer:approval-reminders?period={{hub.alerts.approval-reminder-check-interval:60000}}"
                + "&delay={{hub.alerts.approval-reminder-check-interval:60000}}")
                .routeId("approval-reminders")
                .bean(ApprovalNotices.class, "remindDue")
                .filter(simple("${body} > 0"))
                    .log("Approval reminders: ${body} alert(s) still awaiting approval")
                .end();

        from("timer:approval-notices?period={{hub.approval-notices.poll-interval:2000}}"
                + "&delay={{hub.approval-notices.poll-interval:2000}}")
                .routeId("approval-notices")
                .bean(ApprovalNotices.class, "claimDue({{hub.approval-notices.batch-size:50}})")
                .split(body())
                    .setProperty(NOTICE, body())
                    .doTry()
                        .choice()
                            .when(simple("${body.isText()}"))
                                .bean(ApprovalNotices.class, "text(${body})")
                            .otherwise()
                                .bean(ApprovalNotices.class, "email(${body})")
                                .to(EmailDeliveryRoute.SMTP)
                        .end().endDoTry()
                        .process(exchange -> exchange.getMessage().setBody(notice(exchange)))
                        .bean(ApprovalNotices.class, "sent(${body})")
                    .doCatch(Exception.class)
                        .process(ApprovalNoticeRoute::failed)
                    .end()
                .end();
    }

    private static void failed(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ApprovalNotice notice = notice(exchange);
        boolean permanent;
        String error;
        if (failure instanceof NotifyFailure refused) {
            permanent = !refused.isTransient() && refused.status() != 429;
            error = refused.describe();
        } else {
            permanent = SmtpFailure.isPermanent(failure);
            error = SmtpFailure.describe(failure);
        }
        exchange.getContext().getRegistry().findSingleByType(ApprovalNotices.class).failed(notice, error, permanent);
    }

    private static ApprovalNotice notice(Exchange exchange) {
        return exchange.getProperty(NOTICE, ApprovalNotice.class);
    }
}
