package org.safeguarding.hub.ops;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.LiveProgress;
import org.safeguarding.hub.alert.AlertRepository;
import org.safeguarding.hub.alert.AlertStatus;
import org.safeguarding.hub.delivery.mis.MisEndpoints;
import org.safeguarding.hub.delivery.sms.SmsWatch;
import org.springframework.stereotype.Controller;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ResponseBody;
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
    private final LiveProgress progress;
    private final DeliveryWatch watch;
    private final MisEndpoints misEndpoints;
    private final Clock clock;
    private final SmsWatch sms;

    OpsDashboardController(AlertRepository alerts, LiveProgress progress, DeliveryWatch watch,
            MisEndpoints misEndpoints, Clock clock, SmsWatch sms) {
        this.misEndpoints = misEndpoints;
        this.sms = sms;
        this.alerts = alerts;
        this.progress = progress;
        this.watch = watch;
        this.clock = clock;
    }

    /** One alert's line on the dashboard. */
    record AlertLine(Alert alert, LiveProgress.View progress) {
    }

    /**
     * What the dashboard's script reads every few seconds while an alert it shows is going out: each alert's progress
     * by id, and their statuses in words for a screen reader (they change seldom; the counts change every time).
     */
    record Progress(boolean live, Map<Long, LiveProgress.View> alerts, String announcement) {

        static Progress of(List<AlertLine> lines) {
            Map<Long, LiveProgress.View> views = new LinkedHashMap<>();
            lines.forEach(line -> views.put(line.alert().id(), line.progress()));
            return new Progress(views.values().stream().anyMatch(LiveProgress.View::live), views,
                    views.values().stream().map(v -> v.reference() + ": " + v.statusText())
                            .collect(Collectors.joining(". ", "", ".")));
        }
    }

    @GetMapping("/ops")
    String dashboard(Model model) {
        List<AlertLine> lines = lines();
        model.addAttribute("lines", lines);
        model.addAttribute("progress", Progress.of(lines));
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

    @GetMapping(path = "/ops/progress", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Progress> progress() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Progress.of(lines()));
    }

    private List<AlertLine> lines() {
        return alerts.findByStatus(EnumSet.of(AlertStatus.APPROVED, AlertStatus.SENDING, AlertStatus.SENT,
                        AlertStatus.CANCELLED), ALERTS_SHOWN).stream()
                .map(alert -> new AlertLine(alert, progress.of(alert)))
                .toList();
    }
}
