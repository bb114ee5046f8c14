package org.safeguarding.hub.alert;

import java.time.Clock;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.alert.AlertRules.FieldProblem;
import org.safeguarding.hub.approval.ApprovalNoticeWriter;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.directory.RecipientFinder;
import org.safeguarding.hub.directory.RecipientPreview;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Raising, editing, submitting, approving and rejecting alerts. Every status change goes through
 * {@link AlertStatus#check}, every action writes its audit row in the same transaction, and approval writes the
 * outbox row the fan-out publishes from in that transaction too.
 */
@Service
@Transactional
public class AlertService {

    public static final String APPROVED_EVENT = "ALERT_APPROVED";
    static final int MAX_REASON = 1000;
    static final String NO_SCHOOL = "The targeting matches no open school: tick other groups or name schools by URN";
    /** The night a suggested deadline (other than an EXTREME alert's) avoids, and where it moves to. */
    static final LocalTime NIGHT_STARTS = LocalTime.of(22, 0);
    static final LocalTime NIGHT_ENDS = LocalTime.of(7, 0);
    static final LocalTime MORNING = LocalTime.of(9, 0);

    private final AlertRepository alerts;
    private final AccountRepository accounts;
    private final RecipientFinder recipients;
    private final AuditTrail audit;
    private final Clock clock;
    private final HubProperties.Alerts settings;
    private final ZoneId zone;
    private final ApprovalNoticeWriter notices;

    AlertService(AlertRepository alerts, AccountRepository accounts, RecipientFinder recipients, AuditTrail audit,
            Clock clock, HubProperties hub, ApprovalNoticeWriter notices) {
        this.notices = notices;
        this.alerts = alerts;
        this.accounts = accounts;
        this.recipients = recipients;
        this.audit = audit;
        this.clock = clock;
        this.settings = hub.alerts();
        this.zone = hub.timeZone();
    }

    /** Creates an alert as a draft or, with {@code submit}, straight into the approval queue. */
    public Alert raise(AlertContent content, String raisedBy, boolean submit) {
        OffsetDateTime now = now();
        checkContent(content, now, submit);
        Account raiser = account(raisedBy);
        String reference = "%s-%d-%04d".formatted(settings.referencePrefix(), now.getYear(),
                alerts.nextReferenceNumber(settings.referencePrefix(), now.getYear()));
        AlertStatus status = submit ? AlertStatus.AWAITING_APPROVAL : AlertStatus.DRAFT;
        long id = alerts.insert(reference, newIdentifier(), status, "Alert", null, content, raisedBy,
                raiser.organisation(), now);
        audit.record(AuditAction.ALERT_RAISED, AuditEvent.ALERT, id, reference + " " + content.title());
        if (submit) {
            audit.record(AuditAction.ALERT_SUBMITTED, AuditEvent.ALERT, id, reference);
            tellApprovers(id);
        }
        return get(id);
    }

    /**
     * Rewrites an alert before approval. It goes back to draft: the revised alert must be submitted again. A save
     * that changes nothing is not an edit: the alert stays as it was and the saver does not become one of its authors.
     */
    public Alert edit(long id, int expectedVersion, AlertContent content, String editor) {
        Alert alert = get(id);
        checkSameOrganisation(alert, editor, "edit");
        if (!alert.status().editable()) {
            throw new IllegalTransitionException("An alert that is " + alert.status().describe() + " cannot be edited");
        }
        checkContent(content, now(), false);
        if (alert.isFollowUp()) {
            List<FieldProblem> changed = AlertRules.checkSameRecipients(get(alert.referencesAlert()).content(),
                    content);
            if (!changed.isEmpty()) {
                throw new InvalidAlertException(changed);
            }
        }
        if (alert.content().sameAs(content)) {
            return alert;
        }
        if (!alerts.updateContent(id, expectedVersion, content, editor, now())) {
            throw new IllegalTransitionException("Someone else changed this alert while you were editing it: reload it");
        }
        if (alert.status() != AlertStatus.DRAFT) {
            moveTo(alert.id(), alert.status(), AlertStatus.DRAFT, "edited", null, null);
        }
        audit.record(AuditAction.ALERT_EDITED, AuditEvent.ALERT, id, alert.reference());
        return get(id);
    }

    /**
     * PUT /api/v1/alerts/{id}: the alert's content replaced by {@code content} (unchanged when it is the same), and
     * submitted for approval, in one transaction. Refused like {@link #edit} and {@link #submit}.
     */
    public Alert replace(long id, AlertContent content, String editor) {
        Alert edited = edit(id, get(id).version(), content, editor);
        return edited.status() == AlertStatus.AWAITING_APPROVAL ? edited : submit(id, editor);
    }

    public Alert submit(long id, String submitter) {
        Alert alert = get(id);
        checkSameOrganisation(alert, submitter, "submit");
        alert.status().check(AlertStatus.AWAITING_APPROVAL, "submitted for approval");
        // a follow-up goes to the schools its alert went to, whatever the directory says now
        checkContent(alert.content(), now(), !alert.isFollowUp());
        moveTo(id, alert.status(), AlertStatus.AWAITING_APPROVAL, "submitted for approval", null, null);
        audit.record(AuditAction.ALERT_SUBMITTED, AuditEvent.ALERT, id, alert.reference());
        tellApprovers(id);
        return get(id);
    }

    /** Four eyes: the approver wrote none of the alert's content (see {@link #authors}). */
    public Alert approve(long id, String approver) {
        Alert alert = get(id);
        alert.status().check(AlertStatus.APPROVED, "approved");
        checkFourEyes(alert, approver, "approve");
        checkStillSendable(alert);
        moveTo(id, alert.status(), AlertStatus.APPROVED, "approved", approver, null);
        alerts.addToOutbox(id, APPROVED_EVENT, now());
        audit.record(AuditAction.ALERT_APPROVED, AuditEvent.ALERT, id, alert.reference());
        if (alert.isFollowUp()) {
            audit.record(alert.resolves() ? AuditAction.ALERT_RESOLVE_APPROVED : AuditAction.ALERT_UPDATE_APPROVED,
                    AuditEvent.ALERT, alert.referencesAlert(),
                    alert.reference());
        }
        notices.decided(get(id), true);
        return get(id);
    }

    public Alert reject(long id, String approver, String reason) {
        String why = requireReason(reason, "rejecting");
        Alert alert = get(id);
        alert.status().check(AlertStatus.REJECTED, "rejected");
        checkFourEyes(alert, approver, "reject");
        moveTo(id, alert.status(), AlertStatus.REJECTED, "rejected", approver, why);
        audit.record(AuditAction.ALERT_REJECTED, AuditEvent.ALERT, id, alert.reference() + ": " + why);
        notices.decided(get(id), false);
        return get(id);
    }

    /** Every approver who may approve it is told, once this transaction commits (see ApprovalNoticeWriter). */
    void tellApprovers(long id) {
        notices.awaitingApproval(get(id));
    }

    /** The reason for {@code doing} (e.g. "rejecting") the alert, stripped; a 400 naming the field without one. */
    static String requireReason(String reason, String doing) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidAlertException(List.of(new FieldProblem("reason",
                    "Enter the reason for " + doing + " the alert")));
        }
        if (reason.strip().length() > MAX_REASON) {
            throw new InvalidAlertException(List.of(new FieldProblem("reason",
                    "The reason must be " + MAX_REASON + " characters or fewer")));
        }
        return reason.strip();
    }

    /** The fan-out has planned the alert's deliveries. False when the alert is not approved (e.g. cancelled). */
    public boolean startSending(long id) {
        return systemMove(id, AlertStatus.APPROVED, AlertStatus.SENDING, AuditAction.ALERT_SENDING);
    }

    /** Every delivery has reached a final state. False when it was not sending (already sent, or cancelled). */
    public boolean finishSending(long id) {
        return systemMove(id, AlertStatus.SENDING, AlertStatus.SENT, AuditAction.ALERT_SENT);
    }

    /** Some of a sent alert's deliveries are to be sent again (ops re-drove dead letters): SENDING until they are. */
    public boolean resumeSending(long id) {
        return alerts.changeStatus(id, AlertStatus.SENT, AlertStatus.SENDING, null, null, now());
    }

    private boolean systemMove(long id, AlertStatus from, AlertStatus to, AuditAction action) {
        from.check(to, to.describe());
        if (!alerts.changeStatus(id, from, to, null, null, now())) {
            return false;
        }
        audit.record("system", null, action, AuditEvent.ALERT, id, null);
        return true;
    }

    @Transactional(readOnly = true)
    public Alert get(long id) {
        return alerts.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No alert " + id));
    }

    @Transactional(readOnly = true)
    public RecipientPreview recipients(Alert alert) {
        return recipients.preview(alert.content().target());
    }

    /**
     * The deadline the form offers for a severity: its {@code hub.alerts.ack-within-*} from now. Only an EXTREME
     * alert is to be confirmed in the night: any other deadline falling at or after 22:00, or before 07:00, in the hub's
     * time zone moves to 09:00 the next morning, when a school's safeguarding lead can act on it.
     */
    public OffsetDateTime suggestedAckDeadline(Severity severity) {
        OffsetDateTime deadline = now().plus(switch (severity) {
            case EXTREME -> settings.ackWithinExtreme();
            case SEVERE -> settings.ackWithinSevere();
            case MODERATE -> settings.ackWithinModerate();
            case MINOR -> settings.ackWithinMinor();
        });
        return severity == Severity.EXTREME ? deadline : outsideTheNight(deadline, zone);
    }

    static OffsetDateTime outsideTheNight(OffsetDateTime deadline, ZoneId zone) {
        ZonedDateTime local = deadline.atZoneSameInstant(zone);
        LocalTime time = local.toLocalTime();
        if (!time.isBefore(NIGHT_STARTS)) {
            return local.toLocalDate().plusDays(1).atTime(MORNING).atZone(zone).toOffsetDateTime();
        }
        if (time.isBefore(NIGHT_ENDS)) {
            return local.toLocalDate().atTime(MORNING).atZone(zone).toOffsetDateTime();
        }
        return deadline;
    }

    public OffsetDateTime suggestedExpiry() {
        return now().plus(settings.defaultLifetime());
    }

    /**
     * What {@link AlertRules} finds wrong with content right now, for the form to show beside its fields; for a new
     * alert (not an update, which goes where its alert went) also a targeting that reaches no open school.
     */
    @Transactional(readOnly = true)
    public List<FieldProblem> problems(AlertContent content, boolean followUp) {
        List<FieldProblem> problems = new ArrayList<>(AlertRules.check(content, now()));
        if (!followUp) {
            reachesNobody(content, problems);
        }
        return problems;
    }

    /**
     * Removes a draft its author no longer wants: only a DRAFT (never anything submitted, which approvers have seen),
     * only by who raised it. It goes from every list; the audit trail keeps its reference and title.
     */
    public void discard(long id, String username) {
        Alert alert = get(id);
        discardable(alert, username);
        if (!alerts.deleteDraft(id)) {
            throw new IllegalTransitionException("The alert changed while you were looking at it: it is no longer a draft");
        }
        audit.record(AuditAction.ALERT_DISCARDED, AuditEvent.ALERT, id, alert.reference() + " " + alert.content().title());
    }

    private void checkContent(AlertContent content, OffsetDateTime now, boolean mustReachSomeone) {
        List<FieldProblem> problems = new ArrayList<>(AlertRules.check(content, now));
        if (mustReachSomeone) {
            reachesNobody(content, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidAlertException(problems);
        }
    }

    private void reachesNobody(AlertContent content, List<FieldProblem> problems) {
        if (content.target() != null && problems.stream().noneMatch(p -> p.field().equals("target"))
                && !recipients.reachesAnySchool(content.target())) {
            problems.add(new FieldProblem("target", NO_SCHOOL));
        }
    }

    /** @throws FourEyesException or IllegalTransitionException when {@code username} may not discard the alert */
    @Transactional(readOnly = true)
    public void discardable(Alert alert, String username) {
        if (!alert.raisedBy().equals(username)) {
            throw new FourEyesException("Only " + alert.raisedBy() + ", who wrote " + alert.reference()
                    + ", can discard it");
        }
        if (alert.status() != AlertStatus.DRAFT) {
            throw new IllegalTransitionException("An alert that is " + alert.status().describe()
                    + " cannot be discarded: only a draft can");
        }
    }

    /** An alert can wait for approval a while: what was valid when raised may not be when approved. */
    private void checkStillSendable(Alert alert) {
        List<FieldProblem> problems = new ArrayList<>(AlertRules.check(alert.content(), now()));
        if (problems.isEmpty() && !alert.isFollowUp() && !recipients.reachesAnySchool(alert.content().target())) {
            problems.add(new FieldProblem("target", "its targeting no longer matches any open school"));
        }
        if (!problems.isEmpty()) {
            throw new IllegalTransitionException(alert.reference() + " cannot be approved as it is: "
                    + problems.get(0).message().substring(0, 1).toLowerCase() + problems.get(0).message().substring(1)
                    + ". Reject it with that reason so the raiser can change it.");
        }
    }

    private void checkFourEyes(Alert alert, String approver, String action) {
        authors(alert).stream().filter(a -> a.username().equals(approver)).findFirst().ifPresent(author -> {
            throw new FourEyesException("You " + (author.raised() ? "raised " : "changed the content of ")
                    + alert.reference() + ": someone else must " + action + " it");
        });
    }

    /**
     * Who may not approve or reject the alert: everyone who raised it or saved a change to its content, not only
     * the last editor (one approver's change, re-saved unchanged by the raiser, is still that approver's).
     */
    @Transactional(readOnly = true)
    public List<AlertRepository.Author> authors(Alert alert) {
        return alerts.authors(alert.id());
    }

    void checkSameOrganisation(Alert alert, String username, String action) {
        if (!alert.raisedBy().equals(username)
                && !account(username).organisation().equals(alert.raisedByOrganisation())) {
            throw new FourEyesException("Only " + alert.raisedByOrganisation() + " can " + action + " " + alert.reference());
        }
    }

    void moveTo(long id, AlertStatus from, AlertStatus to, String action, String decidedBy, String reason) {
        from.check(to, action);
        if (!alerts.changeStatus(id, from, to, decidedBy, reason, now())) {
            throw new IllegalTransitionException("The alert changed while you were looking at it: it is no longer "
                    + from.describe());
        }
    }

    Account account(String username) {
        return accounts.findByUsername(username)
                .orElseThrow(() -> new IllegalStateException("No account " + username));
    }

    /** Where the people using the hub are (hub.time-zone): times on pages are in this zone. */
    ZoneId zone() {
        return zone;
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** A CAP identifier: unique to each message, an update or cancel included. */
    static String newIdentifier() {
        return "urn:uuid:" + UUID.randomUUID();
    }
}
