package org.safeguarding.hub.alert;

import jakarta.validation.Validator;
import java.security.Principal;
import java.util.List;
import org.safeguarding.hub.alert.AlertApiController.Created;
import org.safeguarding.hub.alert.AlertRules.FieldProblem;
import org.safeguarding.hub.cap.CapReader;
import org.safeguarding.hub.cap.CapWriter;
import org.safeguarding.hub.cap.InvalidCapException;
import org.safeguarding.hub.directory.RecipientPreview;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** CAP 1.2 on the alert API: raise from a CAP alert, and any alert as CAP. The mapping is docs/cap-mapping.md. */
@RestController
@RequestMapping("/api/v1/alerts")
class CapAlertApiController {

    static final String CAP = "application/cap+xml";

    private final AlertService alerts;
    private final AlertFollowUps followUps;
    private final CapReader reader;
    private final CapWriter writer;
    private final Validator validator;

    CapAlertApiController(AlertService alerts, AlertFollowUps followUps, CapReader reader, CapWriter writer,
            Validator validator) {
        this.alerts = alerts;
        this.followUps = followUps;
        this.reader = reader;
        this.writer = writer;
        this.validator = validator;
    }

    @PostMapping(consumes = CAP)
    ResponseEntity<Created> raise(@RequestBody byte[] xml, Principal principal) {
        AlertContent content = reader.read(xml);
        List<FieldProblem> violations = AlertRules.violations(validator, content);
        if (!violations.isEmpty()) {
            throw new InvalidAlertException(violations);
        }
        return AlertApiController.created(alerts.raise(content, principal.getName(), true));
    }

    /** An update or cancel references the alert and the updates approved before it, as CAP's references. */
    @GetMapping(path = "/{id}/cap", produces = CAP)
    String cap(@PathVariable long id) {
        Alert alert = alerts.get(id);
        RecipientPreview recipients = alerts.recipients(alert);
        if (!alert.isFollowUp()) {
            return writer.write(alert, recipients.localAuthorityCodes(), recipients.restriction());
        }
        AlertChain chain = followUps.chain(id);
        return writer.write(alert, recipients.localAuthorityCodes(), "Designated safeguarding leads of the schools "
                + chain.original().reference() + " went to",
                chain.earlierThan(alert).stream().map(writer::reference).toList());
    }

    @ExceptionHandler(InvalidCapException.class)
    ProblemDetail invalidCap(InvalidCapException e) {
        return AlertApiController.problem(HttpStatus.BAD_REQUEST, "The CAP alert cannot be raised", e.getMessage(), List.of());
    }

    @ExceptionHandler(InvalidAlertException.class)
    ProblemDetail invalid(InvalidAlertException e) {
        return AlertApiController.problem(HttpStatus.BAD_REQUEST, "The alert is not valid", e.getMessage(), e.problems());
    }
}
