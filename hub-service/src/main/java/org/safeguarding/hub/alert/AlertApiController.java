package org.safeguarding.hub.alert;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.safeguarding.hub.alert.AlertRules.FieldProblem;
import org.safeguarding.hub.system.PlainValues;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alert API of DESIGN's contract: raise (JSON here; CAP in {@link CapAlertApiController}), edit, approve,
 * reject, update, cancel, status.
 */
@RestController
@RequestMapping("/api/v1/alerts")
class AlertApiController {

    private final AlertService alerts;
    private final AlertFollowUps followUps;
    private final AlertProgress progress;

    AlertApiController(AlertService alerts, AlertFollowUps followUps, AlertProgress progress) {
        this.alerts = alerts;
        this.followUps = followUps;
        this.progress = progress;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<Created> raise(@Valid @RequestBody AlertContent content, Principal principal) {
        return created(alerts.raise(content, principal.getName(), true));
    }

    /**
     * The content of a draft, awaiting or rejected alert replaced, and submitted: what the edit form and "Submit for
     * approval" do on the pages. 200 with the alert, now awaiting approval.
     */
    @PutMapping(path = "/{id}", consumes = "application/json")
    Created replace(@PathVariable long id, @Valid @RequestBody AlertContent content, Principal principal) {
        return Created.of(alerts.replace(id, content, principal.getName()));
    }

    @PostMapping("/{id}/approve")
    Created approve(@PathVariable long id, Principal principal) {
        return Created.of(alerts.approve(id, principal.getName()));
    }

    @PostMapping("/{id}/reject")
    Created reject(@PathVariable long id, @RequestBody(required = false) Reason reason, Principal principal) {
        return Created.of(alerts.reject(id, principal.getName(), reason == null ? null : reason.reason()));
    }

    /** An update of the alert, with what changes: answered like raise, with the update's own id and reference. */
    @PostMapping(path = "/{id}/update", consumes = "application/json")
    ResponseEntity<Created> update(@PathVariable long id, @RequestBody AlertChanges changes, Principal principal) {
        return created(followUps.raiseUpdate(id, changes, principal.getName(), true));
    }

    /** 201 with the Cancel message when schools are told; 200 with the cancelled alert when it had not gone out. */
    @PostMapping("/{id}/cancel")
    ResponseEntity<Created> cancel(@PathVariable long id, @RequestBody(required = false) Reason reason,
            Principal principal) {
        Alert result = followUps.cancel(id, principal.getName(), reason == null ? null : reason.reason());
        return result.id() == id ? ResponseEntity.ok(Created.of(result)) : created(result);
    }

    /**
     * Marks the alert resolved: an all-clear with {@code message} for every school it went to, awaiting a second
     * approver (approve it like any alert). 201 with the all-clear's own id and reference.
     */
    @PostMapping("/{id}/resolve")
    ResponseEntity<Created> resolve(@PathVariable long id, @RequestBody(required = false) Closing closing,
            Principal principal) {
        return created(followUps.resolve(id, principal.getName(), closing == null ? null : closing.message()));
    }

    @GetMapping("/{id}")
    AlertStatusView status(@PathVariable long id) {
        AlertChain chain = followUps.chain(id);
        Alert alert = chain.message(id);
        int planned = progress.plannedSchools(id);
        if (planned == 0) {
            // not planned yet: an update or cancel goes to the schools of its alert, an alert to its targeting's
            planned = alert.isFollowUp() ? progress.plannedSchools(alert.referencesAlert())
                    : alerts.recipients(alert).schools();
        }
        return new AlertStatusView(alert.id(), alert.reference(), alert.status(), alert.msgType(), alert.raisedBy(),
                alert.raisedByOrganisation(), alert.decidedBy(), alert.decisionReason(), alert.content(), planned,
                progress.counts(alert), progress.acknowledged(id), alert.referencesAlert(),
                chain.supersededBy(alert).map(Alert::id).orElse(null),
                chain.cancellation().filter(c -> c.id() != id).map(Alert::id).orElse(null), alert.responseType(),
                chain.resolution().filter(r -> r.id() != id).map(Alert::id).orElse(null));
    }

    @GetMapping("/{id}/recipients")
    List<AlertProgress.SchoolDelivery> recipients(@PathVariable long id) {
        alerts.get(id);
        return progress.bySchool(id);
    }

    static ResponseEntity<Created> created(Alert alert) {
        return ResponseEntity.created(URI.create("/api/v1/alerts/" + alert.id())).body(Created.of(alert));
    }

    @ExceptionHandler(InvalidAlertException.class)
    ProblemDetail invalid(InvalidAlertException e) {
        return problem(HttpStatus.BAD_REQUEST, "The alert is not valid", e.getMessage(), e.problems());
    }

    @ExceptionHandler(BindException.class)
    ProblemDetail invalid(BindException e) {
        List<FieldProblem> problems = e.getFieldErrors().stream()
                .map(f -> new FieldProblem(f.getField(), f.getDefaultMessage())).toList();
        return problem(HttpStatus.BAD_REQUEST, "The alert is not valid",
                problems.stream().map(FieldProblem::message).reduce((a, b) -> a + "; " + b).orElse("Invalid alert"),
                problems);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String detail = "The request body is not a valid alert";
        List<FieldProblem> errors = List.of();
        if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                    .reduce((a, b) -> a + "." + b).orElse("");
            detail = field + " must be " + PlainValues.expected(mismatch.getTargetType());
            // like every other invalid field, named in errors, so a client finds it in one place
            errors = List.of(new FieldProblem(field, detail));
        } else if (e.getCause() instanceof JsonParseException json) {
            // only a syntax error: Jackson's other messages name the hub's classes
            detail = "The request body is not valid JSON: " + json.getOriginalMessage();
        }
        return problem(HttpStatus.BAD_REQUEST, "The alert is not valid", detail, errors);
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ProblemDetail conflict(IllegalTransitionException e) {
        return problem(HttpStatus.CONFLICT, "Not allowed in the alert's current status", e.getMessage(), List.of());
    }

    @ExceptionHandler(FourEyesException.class)
    ProblemDetail fourEyes(FourEyesException e) {
        return problem(HttpStatus.FORBIDDEN, "Four eyes", e.getMessage(), List.of());
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    record Reason(String reason) {
    }

    record Closing(String message) {
    }

    /** The answer to raise, edit, approve, reject, update and cancel. */
    record Created(long id, String reference, AlertStatus status) {
        static Created of(Alert alert) {
            return new Created(alert.id(), alert.reference(), alert.status());
        }
    }

    /**
     * GET /api/v1/alerts/{id}: where the alert is and what it has reached. {@code recipients} counts the schools the
     * fan-out planned, or before that the schools the targeting reaches now (for an update or cancel: the schools its
     * alert went to). {@code referencesAlert}: the alert an update or cancel follows up; {@code supersededBy}: the
     * latest update in force after this message; {@code cancelledBy}: the Cancel message that withdrew the alert this
     * message belongs to after it went out (one withdrawn before is just CANCELLED, with {@code decisionReason});
     * {@code responseType}: AllClear on an all-clear; {@code resolvedBy}: the all-clear in force that closed the alert.
     */
    record AlertStatusView(long id, String reference, AlertStatus status, String msgType, String raisedBy,
            String raisedByOrganisation, String decidedBy, String decisionReason, AlertContent content,
            int recipients, Map<Channel, AlertProgress.Counts> deliveries, int acknowledged, Long referencesAlert,
            Long supersededBy, Long cancelledBy, String responseType, Long resolvedBy) {
    }
}
