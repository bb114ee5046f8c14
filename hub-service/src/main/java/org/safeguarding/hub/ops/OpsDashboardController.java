package org.safeguarding.hub.ops;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertProgress;
import org.safeguarding.hub.alert.AlertProgress.Counts;
import org.safeguarding.hub.alert.AlertRepository;
import org.safeguarding.hub.alert.AlertStatus;
import org.safeguarding.hub.alert.Channel;
import org.safeguarding.hub.delivery.mis.MisEndpoints;
import org.safeguarding.hub.delivery.sms.SmsWatch;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The ops dashboard (OPS): every alert on its way out or recently sent with its progress per channel and its
 * acknowledgements, and what needs a person: alerts the relay has not published, deliveries being retried,
 * failures by reason, dead letters. The routes themselves are in the Camel console and Hawtio.
 */
@Controller
class OpsDashboardController {

    static final int ALERTS_SHOWN = 25;
    static final Duration FAILURES_OVER = Duration.ofDays(1);

    private final AlertRepository alerts;
    private final AlertProgress progress;
    private final DeliveryWatch watch;
    private final MisEndpoints misEndpoints;
    private final Clock clock;
    private final SmsWatch sms;

    OpsDashboardController(AlertRepository alerts, AlertProgress progress, DeliveryWatch watch,
            MisEndpoints misEndpoints, Clock clock, SmsWatch sms) {
        this.misEndpoints = misEndpoints;
        this.sms = sms;
        this.alerts = alerts;
        this.progress = progress;
        this.watch = watch;
        this.clock = clock;
    }

    /** One alert's line on the dashboard. */
    record AlertLine(Alert alert, Map<Channel, Counts> deliveries, int schools, int acknowledged) {
    }

    @GetMapping("/ops")
    String dashboard(Model model) {
        List<AlertLine> lines = alerts.findByStatus(EnumSet.of(AlertStatus.APPROVED, AlertStatus.SENDING,
                        AlertStatus.SENT, AlertStatus.CANCELLED), ALERTS_SHOWN).stream()
                .map(alert -> new AlertLine(alert, progress.counts(alert), progress.plannedSchools(alert.id()),
                        progress.acknowledged(alert.id())))
                .toList();
        model.addAttribute("lines", lines);
        model.addAttribute("unpublished", watch.unpublished());
        model.addAttribute("retrying", watch.retrying());
        model.addAttribute("failures", watch.failures(FAILURES_OVER, 10));
        model.addAttribute("parked", watch.parked());
        model.addAttribute("misDisabledCount", misEndpoints.countDisabled());
        model.addAttribute("misDisabled", misEndpoints.disabled(10));
        model.addAttribute("parkedCounted", DeliveryWatch.PARKED_COUNTED);
        model.addAttribute("readAt", OffsetDateTime.now(clock));
        model.addAttribute("sms", sms.summary());
        return "ops/dashboard";
    }
}
