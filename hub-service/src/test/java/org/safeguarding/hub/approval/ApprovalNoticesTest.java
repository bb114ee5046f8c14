package org.safeguarding.hub.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertChanges;
import org.safeguarding.hub.alert.AlertContent;
import org.safeguarding.hub.alert.AlertFollowUps;
import org.safeguarding.hub.alert.AlertFixtures;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.alert.Severity;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.safeguarding.hub.demo.notify.NotifySimulator;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.support.MovableClock;
import org.safeguarding.hub.routes.approval.ApprovalNotices;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * Approval notices through the real route to a real SMTP server (GreenMail) and the hub's own Notify simulator over
 * real HTTP: who is told that an alert awaits approval and how, the raiser told of the decision, and the reminder of
 * an EXTREME alert left waiting, time moved by a {@link MovableClock}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.alerts.reference-prefix=APNTEST",
        "hub.approval-notices.poll-interval=100",
        "hub.alerts.approval-reminder-check-interval=100",
        "hub.alerts.approval-reminder-after=15m",
        "hub.sms.enabled=true",
        "hub.sms.simulator.enabled=true",
        "hub.sms.notify.base-url=http://127.0.0.1:${local.server.port}/demo/notify",
        "hub.sms.notify.api-key=" + ApprovalNoticesTest.API_KEY,
        "hub.sms.notify.template-id=2b6a4d1c-7e8f-4a9b-b0c1-d2e3f4a5b6c7",
        "hub.sms.notify.callback-token=approval-test-callback-token",
        "hub.sms.simulator.api-key=${hub.sms.notify.api-key}",
        "hub.sms.simulator.template-id=${hub.sms.notify.template-id}",
        "hub.sms.simulator.callback-url=http://127.0.0.1:${local.server.port}/api/v1/sms/receipts",
        "hub.sms.simulator.callback-token=${hub.sms.notify.callback-token}"})
@ActiveProfiles("test")
class ApprovalNoticesTest {

    static final String API_KEY = "hubtest-7c3e1a20-1b2c-4d5e-8f90-a1b2c3d4e5f6-0f1e2d3c-4b5a-4968-8776-655443322110";
    static final GreenMail SMTP = SentMail.smtpServer(0);
    static final MovableClock CLOCK = new MovableClock(Instant.now());
    static final Duration PATIENCE = Duration.ofSeconds(30);

    static final String RAISER = "apn-raiser";
    static final String CO_AUTHOR = "apn-co-author";
    static final String CHAIR = "apn-chair";
    static final String DEPUTY_CHAIR = "apn-deputy-chair";
    static final String LEFT_CHAIR = "apn-left-chair";
    static final String CHAIR_MOBILE = "+447700900111";
    static final String LEFT_MOBILE = "+447700900222";
    static final String CO_AUTHOR_MOBILE = "+447700900333";

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @TestBean(name = "clock", methodName = "movableClock")
    Clock clock;

    static Clock movableClock() {
        return CLOCK;
    }

    @Autowired
    AlertService alerts;
    @Autowired
    AlertFollowUps followUps;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NotifySimulator simulator;
    @Autowired
    ApprovalNotices notices;
    @Autowired
    EstablishmentImport schools;
    @Autowired
    ContactImport contacts;

    @BeforeEach
    void accountsAndDirectory() throws IOException {
        // whole milliseconds: the database keeps microseconds and rounds, and "15 minutes after" must be exact here
        CLOCK.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        account(RAISER, Role.RAISER, "Alertshire Police", null);
        // an approver in the raiser's organisation who changes the alert: one of its authors
        account(CO_AUTHOR, Role.APPROVER, "Alertshire Police", CO_AUTHOR_MOBILE);
        account(CHAIR, Role.APPROVER, "Alertshire Partnership", CHAIR_MOBILE);
        account(DEPUTY_CHAIR, Role.APPROVER, "Alertshire Partnership", null);
        account(LEFT_CHAIR, Role.APPROVER, "Alertshire Partnership", LEFT_MOBILE);
        accounts.setEnabled(LEFT_CHAIR, false);
        AlertFixtures.importDirectory(schools, contacts);
    }

    @Test
    void everyEnabledApproverButTheAuthorsIsEmailedAndTextedForAnExtremeAlert() {
        Alert raised = alerts.raise(content("Live-streamed coercion on a chat site", Severity.EXTREME, false), RAISER,
                false);
        Alert changed = alerts.edit(raised.id(), raised.version(),
                content("Live-streamed coercion on a chat site (revised)", Severity.EXTREME, false), CO_AUTHOR);
        Alert submitted = alerts.submit(changed.id(), RAISER);

        Map<String, Email> emails = awaitEmails(submitted.reference(), 2);
        assertThat(emails.values()).flatMap(Email::to).containsExactlyInAnyOrder(email(CHAIR), email(DEPUTY_CHAIR));
        for (Email email : emails.values()) {
            assertThat(email.subject()).startsWith("Approval needed: EXTREME alert " + submitted.reference())
                    .contains("Live-streamed coercion on a chat site (revised)").doesNotContain("EXERCISE");
            assertThat(email.text()).contains("https://alerts.example.org.uk/alerts/" + submitted.id())
                    .as("no child-level detail: the alert's body stays in the hub")
                    .doesNotContain(submitted.content().summary(), submitted.content().adviceForSchools());
            assertThat(email.html()).contains("href=\"https://alerts.example.org.uk/alerts/" + submitted.id() + "\"");
        }
        await().atMost(PATIENCE).until(() -> texts(submitted.reference()).size() == 1);
        NotifySimulator.Text text = texts(submitted.reference()).get(0);
        assertThat(text.phoneNumber()).as("as Notify shows it").isEqualTo("07700900111");
        assertThat(text.body()).startsWith("Approval needed: EXTREME alert " + submitted.reference())
                .contains("https://alerts.example.org.uk/alerts/" + submitted.id());
        assertThat(text.reference()).startsWith("approval-notice-");
        await().atMost(PATIENCE).until(() -> audited(submitted.id(), "APPROVAL_NOTICE_SENT").size() == 3);
        assertThat(audited(submitted.id(), "APPROVAL_NOTICE_SENT")).containsExactlyInAnyOrder(
                "APPROVAL_NEEDED by EMAIL to " + CHAIR, "APPROVAL_NEEDED by EMAIL to " + DEPUTY_CHAIR,
                "APPROVAL_NEEDED by SMS to " + CHAIR);
        assertThat(jdbc.sql("select count(*) from approval_notice where alert_id = :id and username in (:u)")
                .param("id", submitted.id()).param("u", List.of(LEFT_CHAIR, CO_AUTHOR, RAISER))
                .query(Integer.class).single()).as("nothing for the disabled approver or the authors").isZero();
    }

    @Test
    void aModerateAlertIsEmailedNotTextedAndAnExerciseSaysSo() {
        Alert submitted = alerts.raise(content("Suspicious messages to pupils", Severity.MODERATE, true), RAISER, true);

        Map<String, Email> emails = awaitEmails(submitted.reference(), 3);
        assertThat(emails.values()).flatMap(Email::to)
                .containsExactlyInAnyOrder(email(CHAIR), email(DEPUTY_CHAIR), email(CO_AUTHOR));
        assertThat(emails.values()).allSatisfy(email -> assertThat(email.subject())
                .startsWith("Approval needed: EXERCISE MODERATE alert " + submitted.reference()));
        await().atMost(PATIENCE).until(() -> audited(submitted.id(), "APPROVAL_NOTICE_SENT").size() == 3);
        assertThat(jdbc.sql("select count(*) from approval_notice where alert_id = :id and channel = 'SMS'")
                .param("id", submitted.id()).query(Integer.class).single()).isZero();
        assertThat(texts(submitted.reference())).isEmpty();
    }

    @Test
    void theAuthorsAreToldWhenItIsApprovedOrRejectedWithTheReason() {
        Alert approved = alerts.raise(content("Approve me", Severity.SEVERE, false), RAISER, true);
        Alert rejected = alerts.raise(content("Reject me", Severity.SEVERE, false), RAISER, true);
        alerts.approve(approved.id(), CHAIR);
        alerts.reject(rejected.id(), DEPUTY_CHAIR, "The advice names a pupil's school: take it out");

        await().atMost(PATIENCE).until(() -> toRaiser(approved.reference()) != null
                && toRaiser(rejected.reference()) != null);
        Email yes = toRaiser(approved.reference());
        assertThat(yes.subject()).startsWith("Approved: SEVERE alert " + approved.reference());
        assertThat(yes.text()).contains("approved", "https://alerts.example.org.uk/alerts/" + approved.id());
        Email no = toRaiser(rejected.reference());
        assertThat(no.subject()).startsWith("Rejected: SEVERE alert " + rejected.reference());
        assertThat(no.text()).contains("Reason: The advice names a pupil's school: take it out");
        await().atMost(PATIENCE).until(() -> audited(rejected.id(), "APPROVAL_NOTICE_SENT")
                .contains("REJECTED by EMAIL to " + RAISER));
    }

    @Test
    void anUpdateAwaitingApprovalIsNotifiedLikeAnAlert() {
        Alert alert = alerts.raise(content("Before the update", Severity.SEVERE, false), RAISER, true);
        alerts.approve(alert.id(), CHAIR);
        await().atMost(PATIENCE).until(() -> alerts.get(alert.id()).status().wentOut());

        Alert update = followUps.raiseUpdate(alert.id(), new AlertChanges("After the update", null, null, null, null,
                null, null, null, null, null, null), RAISER, true);

        Map<String, Email> emails = awaitEmails(update.reference(), 3);
        assertThat(emails.values()).flatMap(Email::to)
                .containsExactlyInAnyOrder(email(CHAIR), email(DEPUTY_CHAIR), email(CO_AUTHOR));
        assertThat(emails.values()).allSatisfy(email -> assertThat(email.subject())
                .isEqualTo("Approval needed: SEVERE update " + update.reference() + " – After the update"));
        await().atMost(PATIENCE).until(() -> texts(update.reference()).size() == 2);
    }

    @Test
    void anExtremeAlertLeftWaitingRemindsTheApproversOncePerPeriod() {
        Alert submitted = alerts.raise(content("Nobody has looked at this", Severity.EXTREME, false), RAISER, true);
        awaitEmails(submitted.reference(), 3);

        CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(14)));
        assertThat(notices.remindDue()).as("not yet due").isZero();
        CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(1)));
        await().atMost(PATIENCE).until(() -> reminders(submitted.reference()).size() == 3);
        assertThat(reminders(submitted.reference())).allSatisfy(email -> assertThat(email.subject())
                .startsWith("Approval needed (reminder): EXTREME alert " + submitted.reference()));
        assertThat(notices.remindDue()).as("this period's reminder has gone").isZero();
        // texted too (the Notify simulator checks its tokens against the moved clock, so not sent from here)
        assertThat(jdbc.sql("select username from approval_notice where alert_id = :id and kind = 'REMINDER'"
                + " and channel = 'SMS'").param("id", submitted.id()).query(String.class).list())
                .containsExactlyInAnyOrder(CHAIR, CO_AUTHOR);

        CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(15)));
        await().atMost(PATIENCE).until(() -> reminders(submitted.reference()).size() == 6);

        alerts.approve(submitted.id(), CHAIR);
        CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(30)));
        assertThat(notices.remindDue()).as("decided: no more reminders").isZero();
        assertThat(jdbc.sql("select count(*) from approval_notice where alert_id = :id and kind = 'REMINDER'")
                .param("id", submitted.id()).query(Integer.class).single()).isEqualTo(2 * 5);
    }

    private void account(String username, Role role, String organisation, String mobile) {
        if (!accounts.exists(username)) {
            accounts.create(new Account(username, passwords.encode("pw-" + username), "Test " + username,
                    organisation, role, true, email(username), mobile));
        }
    }

    static String email(String username) {
        return username + "@alertshire.example";
    }

    static AlertContent content(String title, Severity severity, boolean exercise) {
        AlertContent fixture = AlertFixtures.content(title, OffsetDateTime.now(CLOCK).withOffsetSameInstant(ZoneOffset.UTC));
        return new AlertContent(fixture.title(), fixture.summary(), fixture.adviceForSchools(), null, severity,
                fixture.category(), fixture.target(), fixture.channels(), fixture.ackDeadline(), fixture.expires(),
                exercise);
    }

    private Map<String, Email> awaitEmails(String reference, int count) {
        try {
            await().atMost(PATIENCE).until(() -> SentMail.approvalNotices(SMTP, reference).values().stream()
                    .filter(e -> e.subject().startsWith("Approval needed:")).count() == count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("emails " + SentMail.approvalNotices(SMTP, reference).values().stream()
                    .map(m -> m.to() + " " + m.subject()).toList() + "; notices " + jdbc.sql(
                    "select username, channel, status, attempts, last_error from approval_notice").query().listOfRows(), e);
        }
        Map<String, Email> emails = new java.util.LinkedHashMap<>(SentMail.approvalNotices(SMTP, reference));
        emails.values().removeIf(e -> !e.subject().startsWith("Approval needed:"));
        return emails;
    }

    private List<Email> reminders(String reference) {
        return SentMail.approvalNotices(SMTP, reference).values().stream()
                .filter(e -> e.subject().startsWith("Approval needed (reminder)")).toList();
    }

    private Email toRaiser(String reference) {
        return SentMail.approvalNotices(SMTP, reference).values().stream().filter(e -> e.to().contains(email(RAISER)))
                .findFirst().orElse(null);
    }

    private List<NotifySimulator.Text> texts(String reference) {
        return simulator.texts().stream().filter(t -> t.body().contains(reference + " ")
                || t.body().contains(reference + ".")).toList();
    }

    private List<String> audited(long alertId, String action) {
        return jdbc.sql("select detail from audit_event where subject_type = 'ALERT' and subject_id = :id"
                        + " and action = :action")
                .param("id", String.valueOf(alertId)).param("action", action).query(String.class).list();
    }
}
