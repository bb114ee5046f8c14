package org.safeguarding.hub.audit;

import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** The audit trail for ADMIN and OPS (enforced in SecurityConfiguration), all of it or one alert's. */
@Controller
class AuditController {

    static final int LIMIT = 500;

    private final AuditTrail audit;

    AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    String page(@RequestParam(required = false) Long alert, Model model) {
        model.addAttribute("alert", alert);
        model.addAttribute("events", events(alert));
        return "audit/audit";
    }

    @GetMapping("/api/v1/audit")
    @ResponseBody
    List<AuditEvent> api(@RequestParam(required = false) Long alert) {
        return events(alert);
    }

    private List<AuditEvent> events(Long alert) {
        return alert == null ? audit.find(null, null, LIMIT) : audit.find(AuditEvent.ALERT, alert.toString(), LIMIT);
    }
}
