package org.safeguarding.hub.alert;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * For the alert page, behind its sign-in: its progress as JSON, which the page's script reads every few seconds while
 * the alert goes out, and the CSV export of its deliveries and acknowledgements. Who may see the page sees its
 * progress ({@link AlertViewers}); the API under /api keeps its own door.
 */
@Controller
class AlertProgressController {

    private final AlertService alerts;
    private final AlertViewers viewers;
    private final LiveProgress live;
    private final DeliveryExport export;
    private final AuditTrail audit;

    AlertProgressController(AlertService alerts, AlertViewers viewers, LiveProgress live, DeliveryExport export,
            AuditTrail audit) {
        this.alerts = alerts;
        this.viewers = viewers;
        this.live = live;
        this.export = export;
        this.audit = audit;
    }

    @GetMapping(path = "/alerts/{id}/progress", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<LiveProgress.View> progress(@PathVariable long id, Principal principal) {
        Alert alert = alerts.get(id);
        viewers.checkView(alert, principal.getName());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(live.of(alert));
    }

    /** Personal data leaves the hub: the export is audited before a byte is written, whatever becomes of it. */
    @GetMapping("/alerts/{id}/deliveries.csv")
    void exportDeliveries(@PathVariable long id, Principal principal, HttpServletResponse response) throws IOException {
        Alert alert = alerts.get(id);
        viewers.checkExport(alert, principal.getName());
        audit.record(AuditAction.DELIVERIES_EXPORTED, AuditEvent.ALERT, id,
                "Deliveries and acknowledgements of " + alert.reference() + " exported as CSV");
        response.setContentType("text/csv;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"" + alert.reference() + "-deliveries.csv\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        export.write(id, response.getWriter());
    }
}
