package org.safeguarding.hub.approval;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertRepository;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.routes.approval.ApprovalNotice;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes the approval notices in the caller's transaction (the one that submits, approves or rejects the alert),
 * for the approval-notices route to send. Each names the alert's severity, reference and title and links to its
 * page; never its body, which an approver reads signed in. An exercise says EXERCISE in its subject.
 */
@Component
public class ApprovalNoticeWriter {

    enum Kind { APPROVAL_NEEDED, REMINDER, APPROVED, REJECTED }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm", Locale.UK);

    private final JdbcClient jdbc;
    private final AccountRepository accounts;
    private final AlertRepository alerts;
    private final Clock clock;
    private final HubProperties hub;
    private final boolean smsEnabled;

    ApprovalNoticeWriter(JdbcClient jdbc, AccountRepository accounts, AlertRepository alerts, Clock clock,
            HubProperties hub, @Value("${hub.sms.enabled:false}") boolean smsEnabled) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.alerts = alerts;
        this.clock = clock;
        this.hub = hub;
        this.smsEnabled = smsEnabled;
    }

    /**
     * Tells every enabled APPROVER but the alert's authors that it awaits them: by email, and by text too for an
     * EXTREME or SEVERE alert where they have a mobile (and SMS is on). An approver without an email address is
     * told by text only, if at all.
     */
    public void awaitingApproval(Alert alert) {
        toApprovers(alert, Kind.APPROVAL_NEEDED);
    }

    void reminder(Alert alert) {
        toApprovers(alert, Kind.REMINDER);
    }

    /** Tells the alert's authors (who raised it or changed it) that it was approved, or rejected and why. */
    public void decided(Alert alert, boolean approved) {
        Kind kind = approved ? Kind.APPROVED : Kind.REJECTED;
        for (String author : authors(alert)) {
            accounts.findByUsername(author).filter(Account::enabled).filter(a -> a.email() != null)
                    .ifPresent(account -> write(alert, kind, account, ApprovalNotice.EMAIL, account.email(),
                            subject(alert, kind), decisionText(alert, approved)));
        }
    }

    private void toApprovers(Alert alert, Kind kind) {
        Set<String> authors = authors(alert);
        boolean urgent = alert.content().severity() == Severity.EXTREME || alert.content().severity() == Severity.SEVERE;
        for (Account approver : accounts.findEnabled(Role.APPROVER)) {
            if (authors.contains(approver.username())) {
                continue;
            }
            if (approver.email() != null) {
                write(alert, kind, approver, ApprovalNotice.EMAIL, approver.email(), subject(alert, kind),
                        awaitingText(alert, kind));
            }
            if (urgent && smsEnabled && approver.mobile() != null) {
                write(alert, kind, approver, ApprovalNotice.SMS, approver.mobile(), subject(alert, kind),
                        subject(alert, kind) + ". Review it on the " + hub.serviceName() + ": " + link(alert));
            }
        }
    }

    private Set<String> authors(Alert alert) {
        Set<String> authors = new LinkedHashSet<>(List.of(alert.raisedBy()));
        alerts.authors(alert.id()).forEach(author -> authors.add(author.username()));
        return authors;
    }

    /** e.g. "Approval needed: EXERCISE EXTREME alert WEX-2026-0001 – Coercion on a video-chat site". */
    static String subject(Alert alert, Kind kind) {
        String what = (alert.content().exercise() ? "EXERCISE " : "") + alert.content().severity() + " "
                + kind(alert) + alert.reference();
        String start = switch (kind) {
            case APPROVAL_NEEDED -> "Approval needed: ";
            case REMINDER -> "Approval needed (reminder): ";
            case APPROVED -> "Approved: ";
            case REJECTED -> "Rejected: ";
        };
        String subject = start + what + " – " + alert.content().title();
        return subject.length() <= 300 ? subject : subject.substring(0, 299) + "…";
    }

    private String awaitingText(Alert alert, Kind kind) {
        OffsetDateTime submitted = alert.submittedAt() == null ? now() : alert.submittedAt();
        return (alert.content().exercise() ? "EXERCISE – this is an exercise, not a real alert.\n\n" : "")
                + (kind == Kind.REMINDER ? "Nobody has approved this alert yet. " : "")
                + "The " + alert.content().severity() + " " + kind(alert)
                + alert.reference() + " awaits approval by a second person.\n\n"
                + "Title: " + alert.content().title() + "\n"
                + "Severity: " + alert.content().severity() + "\n"
                + "Raised by: " + alert.raisedByOrganisation() + "\n"
                + "Submitted: " + WHEN.format(submitted.atZoneSameInstant(hub.timeZone())) + "\n\n"
                + "Sign in to read it, then approve or reject it:\n" + link(alert) + "\n\n"
                + "You are told because you are an approver at the " + hub.partnershipName() + ".";
    }

    private String decisionText(Alert alert, boolean approved) {
        return (alert.content().exercise() ? "EXERCISE – this is an exercise, not a real alert.\n\n" : "")
                + "The " + alert.content().severity() + " " + kind(alert)
                + alert.reference() + " (" + alert.content().title() + ") was "
                + (approved ? "approved: it is going out to schools now." : "rejected.") + "\n\n"
                + (approved ? "" : "Reason: " + alert.decisionReason() + "\n\nChange it and submit it again, or"
                        + " cancel it:\n")
                + link(alert);
    }

    private String link(Alert alert) {
        return hub.publicBaseUrl().replaceAll("/+$", "") + "/alerts/" + alert.id();
    }

    private void write(Alert alert, Kind kind, Account account, String channel, String address, String subject,
            String body) {
        OffsetDateTime now = now();
        jdbc.sql("""
                insert into approval_notice (alert_id, kind, username, channel, address, subject, body, next_attempt_at,
                  created_at)
                values (:alertId, :kind, :username, :channel, :address, :subject, :body, :now, :now)""")
                .param("alertId", alert.id()).param("kind", kind.name()).param("username", account.username())
                .param("channel", channel).param("address", address).param("subject", subject)
                .param("body", body.length() <= 4000 ? body : body.substring(0, 4000)).param("now", now)
                .update();
    }

    /** To the microsecond the database keeps: a stored time never rounds up past the clock's. */
    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** What the approver is asked to approve: an alert, an update of one, or its all-clear. */
    private static String kind(Alert alert) {
        return alert.resolves() ? "all-clear " : alert.isFollowUp() ? "update " : "alert ";
    }
}
