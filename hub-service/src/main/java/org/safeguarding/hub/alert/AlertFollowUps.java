package org.safeguarding.hub.alert;

import jakarta.validation.Validator;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safeguarding.hub.alert.AlertRules.FieldProblem;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Updating, resolving and cancelling an alert that went out (DESIGN step 8). Each is a message of its own, an alert
 * row with its own reference (the alert's with -U1, -U2…, -R or -C), CAP identifier and msgType Update or Cancel, that
 * references the alert and goes through the same flow to the schools the alert went to. An update is raised by
 * the alert's organisation and approved by a second person like any alert; so is an all-clear ("Resolved", an Update
 * with responseType AllClear), raised by an approver: it tells every school the alert is over, and a second pair of
 * eyes checks that before it does. A cancel needs one approver, so an alert that must not stand can be stopped at
 * once. Each locks the alert's row first, so they take turns.
 */
@Service
@Transactional
public class AlertFollowUps {

    static final String CANCEL_ADVICE = "No action is needed on this alert: it has been withdrawn.";
    static final String RESOLVED_ADVICE = "No further action is needed on this alert: it is resolved.";

    private final AlertService alerts;
    private final AlertRepository repository;
    private final AuditTrail audit;
    private final Validator validator;

    AlertFollowUps(AlertService alerts, AlertRepository repository, AuditTrail audit, Validator validator) {
        this.alerts = alerts;
        this.repository = repository;
        this.audit = audit;
        this.validator = validator;
    }

    @Transactional(readOnly = true)
    public AlertChain chain(long id) {
        return repository.findChain(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No alert " + id));
    }

    /**
     * What an update of the alert starts from: what schools were told last, with a fresh acknowledgement deadline
     * when that one has passed (an update asks for acknowledgement again).
     */
    @Transactional(readOnly = true)
    public AlertContent startingPoint(long id) {
        AlertContent now = chain(id).inForce().content();
        return now.ackDeadline().isAfter(alerts.now()) ? now
                : now.withAckDeadline(alerts.suggestedAckDeadline(now.severity()));
    }

    /**
     * Raises an update of the alert {@code id} (or of the alert an update {@code id} belongs to): what schools were
     * told last, with {@code changes}. As a draft, or with {@code submit} straight into the approval queue.
     */
    public Alert raiseUpdate(long id, AlertChanges changes, String raisedBy, boolean submit) {
        AlertChain chain = lockedChain(id);
        Alert original = chain.original();
        alerts.checkSameOrganisation(original, raisedBy, "update");
        refuse(whyNotUpdatable(chain, id));
        AlertContent content = changes.applyTo(startingPoint(id));
        List<FieldProblem> problems = new ArrayList<>(AlertRules.violations(validator, content));
        problems.addAll(AlertRules.check(content, alerts.now()));
        problems.addAll(AlertRules.checkSameRecipients(original.content(), content));
        if (!problems.isEmpty()) {
            throw new InvalidAlertException(problems);
        }
        String reference = original.reference() + "-U" + (chain.updates().size() + 1);
        AlertStatus status = submit ? AlertStatus.AWAITING_APPROVAL : AlertStatus.DRAFT;
        long updateId = repository.insert(reference, AlertService.newIdentifier(), status, AlertChain.UPDATE,
                original.id(), content, raisedBy, alerts.account(raisedBy).organisation(), alerts.now());
        audit.record(AuditAction.ALERT_RAISED, AuditEvent.ALERT, updateId,
                reference + " updates " + original.reference() + ": " + content.title());
        if (submit) {
            audit.record(AuditAction.ALERT_SUBMITTED, AuditEvent.ALERT, updateId, reference);
            alerts.tellApprovers(updateId);
        }
        audit.record(AuditAction.ALERT_UPDATE_RAISED, AuditEvent.ALERT, original.id(), reference);
        return alerts.get(updateId);
    }

    /**
     * Cancels {@code id}. Never approved (a draft, an alert or update awaiting approval, or rejected): it is simply
     * cancelled, and nobody is told. Approved, being sent or sent, whether the alert or an update of it: the whole
     * alert is cancelled, with any update not yet sent, and a Cancel message, approved at once, tells every school the
     * alert went to that it is withdrawn and why (none, when the alert was cancelled before the fan-out took it).
     *
     * @return the Cancel message, or the cancelled alert when nobody needed telling
     */
    public Alert cancel(long id, String approver, String reason) {
        String why = AlertService.requireReason(reason, "cancelling");
        AlertChain chain = lockedChain(id);
        refuse(whyNotCancellable(chain, id));
        Alert target = chain.message(id);
        if (!AlertStatus.IN_FORCE.contains(target.status())) {
            cancelOne(target, approver, why);
            return alerts.get(id);
        }
        Alert original = chain.original();
        // every update and all-clear goes with the alert, sent ones included: they no longer stand either, and lists
        // show them cancelled rather than sent
        for (Alert followUp : chain.followUps()) {
            if (followUp.status() != AlertStatus.CANCELLED) {
                cancelOne(followUp, approver, why);
            }
        }
        String reference = original.reference() + "-C";
        OffsetDateTime now = alerts.now();
        long cancelId = repository.insert(reference, AlertService.newIdentifier(), AlertStatus.AWAITING_APPROVAL,
                AlertChain.CANCEL, original.id(), withdrawal(chain.inForce().content(), why), approver,
                alerts.account(approver).organisation(), now);
        alerts.moveTo(cancelId, AlertStatus.AWAITING_APPROVAL, AlertStatus.APPROVED, "approved", approver, why);
        repository.addToOutbox(cancelId, AlertService.APPROVED_EVENT, now);
        alerts.moveTo(original.id(), original.status(), AlertStatus.CANCELLED, "cancelled", approver, why);
        audit.record(AuditAction.ALERT_CANCELLED, AuditEvent.ALERT, original.id(),
                original.reference() + ": " + why + " (" + reference + " tells the schools)");
        audit.record(AuditAction.ALERT_RAISED, AuditEvent.ALERT, cancelId,
                reference + " cancels " + original.reference() + ": " + why);
        return alerts.get(cancelId);
    }

    /**
     * Raises the all-clear of the alert {@code id} is or belongs to, awaiting a second approver: {@code message} tells
     * every school the alert went to (those that acknowledged included) that it is resolved and why, and asks nothing.
     * Once approved, nobody is chased for the alert any more.
     */
    public Alert resolve(long id, String raisedBy, String message) {
        String closing = requireClosingMessage(message);
        AlertChain chain = lockedChain(id);
        refuse(whyNotResolvable(chain, id));
        Alert original = chain.original();
        AlertContent now = startingPoint(id);
        AlertContent content = new AlertContent(now.title(), closing, RESOLVED_ADVICE, null, now.severity(),
                now.category(), now.target(), now.channels(), now.ackDeadline(), now.expires(), now.exercise());
        // a rejected or cancelled all-clear keeps its reference: the next is -R2, -R3…
        long earlier = chain.followUps().stream().filter(Alert::resolves).count();
        String reference = original.reference() + "-R" + (earlier == 0 ? "" : earlier + 1);
        long resolveId = repository.insert(reference, AlertService.newIdentifier(), AlertStatus.AWAITING_APPROVAL,
                AlertChain.UPDATE, original.id(), content, raisedBy, alerts.account(raisedBy).organisation(),
                alerts.now());
        repository.markAllClear(resolveId);
        audit.record(AuditAction.ALERT_RAISED, AuditEvent.ALERT, resolveId,
                reference + " resolves " + original.reference() + ": " + closing);
        audit.record(AuditAction.ALERT_SUBMITTED, AuditEvent.ALERT, resolveId, reference);
        alerts.tellApprovers(resolveId);
        audit.record(AuditAction.ALERT_RESOLVE_RAISED, AuditEvent.ALERT, original.id(), reference);
        return alerts.get(resolveId);
    }

    /** Why the alert {@code id} is, or belongs to, cannot be marked resolved now; empty when it can. */
    public static Optional<String> whyNotResolvable(AlertChain chain, long id) {
        Alert message = chain.message(id);
        Alert original = chain.original();
        if (AlertChain.CANCEL.equals(message.msgType())) {
            return Optional.of(message.reference() + " is a cancellation: it cannot be resolved");
        }
        if (!original.status().wentOut()) {
            return Optional.of("An alert that is " + original.status().describe() + " cannot be resolved");
        }
        return chain.resolution().map(r -> "It was resolved already: " + r.reference())
                .or(() -> chain.pendingResolution().map(r -> r.reference() + " is already "
                        + r.status().describe() + ": change it, cancel it or have it decided first"))
                .or(() -> chain.pendingUpdate().map(u -> u.reference() + " is " + u.status().describe()
                        + ": have that update decided, or cancel it, before resolving the alert"));
    }

    private static String requireClosingMessage(String message) {
        String problem = message == null || message.isBlank() ? "Enter the closing message for schools"
                : message.strip().length() > AlertService.MAX_REASON
                        ? "The closing message must be " + AlertService.MAX_REASON + " characters or fewer" : null;
        if (problem != null) {
            throw new InvalidAlertException(List.of(new FieldProblem("message", problem)));
        }
        return message.strip();
    }

    /** Why the alert that {@code id} is, or belongs to, cannot be updated now; empty when it can. */
    public static Optional<String> whyNotUpdatable(AlertChain chain, long id) {
        Alert message = chain.message(id);
        Alert original = chain.original();
        if (AlertChain.CANCEL.equals(message.msgType())) {
            return Optional.of(message.reference() + " is a cancellation: it cannot be updated");
        }
        Optional<Alert> resolved = chain.resolution().or(chain::pendingResolution);
        if (resolved.isPresent()) {
            return Optional.of("The alert is resolved (" + resolved.get().reference() + "): it cannot be updated");
        }
        if (!original.status().wentOut()) {
            return Optional.of("An alert that is " + original.status().describe() + " cannot be updated"
                    + (original.status().editable() ? ": change it instead" : ""));
        }
        return chain.pendingUpdate().map(pending -> pending.reference() + " is already " + pending.status().describe()
                + ": change that update, or have it decided, before writing another");
    }

    /**
     * Why {@code id} cannot be cancelled now; empty when it can. An approved message stands for the whole alert:
     * cancelling it cancels the alert.
     */
    public static Optional<String> whyNotCancellable(AlertChain chain, long id) {
        Alert message = chain.message(id);
        if (AlertChain.CANCEL.equals(message.msgType())) {
            return Optional.of(message.reference() + " is itself a cancellation: it cannot be cancelled");
        }
        Alert subject = AlertStatus.IN_FORCE.contains(message.status()) ? chain.original() : message;
        // cancelled once already: say by whom and why (the Cancel message holds that for an alert that went out)
        Alert cancelled = chain.cancellation().orElse(subject);
        return subject.status().whyNot(AlertStatus.CANCELLED, "cancelled")
                .map(why -> subject.status() != AlertStatus.CANCELLED ? why
                        : why + " (" + cancelled.decidedBy() + " cancelled it: " + cancelled.decisionReason() + ")");
    }

    private static void refuse(Optional<String> why) {
        why.ifPresent(reason -> {
            throw new IllegalTransitionException(reason);
        });
    }

    /** One message; an update approved or being sent stops there, and the Cancel tells the schools. */
    private void cancelOne(Alert message, String approver, String why) {
        alerts.moveTo(message.id(), message.status(), AlertStatus.CANCELLED, "cancelled", approver, why);
        audit.record(AuditAction.ALERT_CANCELLED, AuditEvent.ALERT, message.id(), message.reference() + ": " + why);
    }

    /** The Cancel message's content: what schools were told last, with the reason as what happened and no letter. */
    private static AlertContent withdrawal(AlertContent inForce, String why) {
        return new AlertContent(inForce.title(), why, CANCEL_ADVICE, null, inForce.severity(), inForce.category(),
                inForce.target(), inForce.channels(), inForce.ackDeadline(), inForce.expires(), inForce.exercise());
    }

    private AlertChain lockedChain(long id) {
        AlertChain chain = chain(id);
        repository.lock(chain.original().id());
        return chain(id); // as it is now that it is ours
    }
}
