package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.support.MovableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.convention.TestBean;

/** AlertService on H2, with the hub's clock replaced by one the test moves: editing, four eyes, organisations, references. */
@SpringBootTest(properties = "hub.alerts.reference-prefix=SVCTEST")
@ActiveProfiles("test")
class AlertServiceTest {

    private static final MovableClock CLOCK = new MovableClock(Instant.parse("2031-06-02T09:00:00Z"));
    private static final String RAISER = "svc-raiser";
    private static final String CHAIR = "svc-chair";
    private static final String SECOND_CHAIR = "svc-second-chair";
    private static final String OUTSIDER = "svc-outsider";

    @TestBean(name = "clock", methodName = "movableClock")
    Clock clock;

    @Autowired
    AlertService alerts;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    EstablishmentImport schools;
    @Autowired
    ContactImport contacts;
    @Autowired
    JdbcClient jdbc;

    static Clock movableClock() {
        return CLOCK;
    }

    @BeforeEach
    void accountsAndDirectory() throws Exception {
        CLOCK.set(Instant.parse("2031-06-02T09:00:00Z"));
        TestAccounts.ensure(accounts, passwords, RAISER, Role.RAISER);
        TestAccounts.ensure(accounts, passwords, CHAIR, Role.APPROVER);
        TestAccounts.ensure(accounts, passwords, SECOND_CHAIR, Role.APPROVER);
        if (!accounts.exists(OUTSIDER)) {
            accounts.create(new Account(OUTSIDER, passwords.encode(TestAccounts.password(OUTSIDER)), "Outsider",
                    "Another partnership", Role.APPROVER, true));
        }
        AlertFixtures.importDirectory(schools, contacts);
    }

    @Test
    void editingAnAlertAwaitingApprovalTakesItBackToDraftUntilResubmitted() {
        Alert raised = alerts.raise(content("Before the edit"), RAISER, true);
        assertThat(raised.status()).isEqualTo(AlertStatus.AWAITING_APPROVAL);

        Alert edited = alerts.edit(raised.id(), raised.version(), content("After the edit"), RAISER);

        assertThat(edited.status()).isEqualTo(AlertStatus.DRAFT);
        assertThat(edited.content().title()).isEqualTo("After the edit");
        assertThatThrownBy(() -> alerts.approve(raised.id(), CHAIR)).isInstanceOf(IllegalTransitionException.class)
                .hasMessage("An alert that is draft cannot be approved");
        assertThat(alerts.submit(raised.id(), RAISER).status()).isEqualTo(AlertStatus.AWAITING_APPROVAL);
        assertThat(alerts.approve(raised.id(), CHAIR).status()).isEqualTo(AlertStatus.APPROVED);
    }

    @Test
    void editingARejectedAlertTakesItBackToDraftAndAnApprovedOneCannotBeEdited() {
        Alert raised = alerts.raise(content("To be rejected"), RAISER, true);
        Alert rejected = alerts.reject(raised.id(), CHAIR, "Name the site");

        Alert edited = alerts.edit(raised.id(), rejected.version(), content("Revised"), RAISER);

        assertThat(edited.status()).isEqualTo(AlertStatus.DRAFT);
        assertThatThrownBy(() -> alerts.approve(raised.id(), CHAIR)).isInstanceOf(IllegalTransitionException.class);
        alerts.submit(raised.id(), RAISER);
        Alert approved = alerts.approve(raised.id(), CHAIR);
        assertThatThrownBy(() -> alerts.edit(raised.id(), approved.version(), content("Too late"), RAISER))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("An alert that is approved cannot be edited");
        assertThat(alerts.get(raised.id()).content().title()).isEqualTo("Revised");
    }

    @Test
    void anApproverWhoChangedTheAlertCannotDecideOnIt() {
        Alert raised = alerts.raise(content("Edited by a chair"), RAISER, true);
        alerts.edit(raised.id(), raised.version(), content("Edited by a chair, revised"), CHAIR);
        alerts.submit(raised.id(), CHAIR);

        assertThatThrownBy(() -> alerts.approve(raised.id(), CHAIR)).isInstanceOf(FourEyesException.class)
                .hasMessageContaining("You changed the content of").hasMessageEndingWith("someone else must approve it");
        assertThatThrownBy(() -> alerts.reject(raised.id(), CHAIR, "no")).isInstanceOf(FourEyesException.class)
                .hasMessageContaining("You changed the content of");
        assertThat(alerts.get(raised.id()).status()).isEqualTo(AlertStatus.AWAITING_APPROVAL);

        assertThat(alerts.approve(raised.id(), SECOND_CHAIR).decidedBy()).isEqualTo(SECOND_CHAIR);
    }

    @Test
    void someoneFromAnotherOrganisationCannotEditOrSubmitIt() {
        Alert draft = alerts.raise(content("Ours"), RAISER, false);
        assertThat(draft.status()).isEqualTo(AlertStatus.DRAFT);

        assertThatThrownBy(() -> alerts.edit(draft.id(), draft.version(), content("Theirs"), OUTSIDER))
                .isInstanceOf(FourEyesException.class).hasMessage("Only Test organisation can edit " + draft.reference());
        assertThatThrownBy(() -> alerts.submit(draft.id(), OUTSIDER))
                .isInstanceOf(FourEyesException.class).hasMessage("Only Test organisation can submit " + draft.reference());

        Alert after = alerts.get(draft.id());
        assertThat(after.status()).isEqualTo(AlertStatus.DRAFT);
        assertThat(after.content().title()).isEqualTo("Ours");
        assertThat(after.version()).isEqualTo(draft.version());
        assertThat(alerts.submit(draft.id(), SECOND_CHAIR).status()).as("anyone of the raiser's organisation may")
                .isEqualTo(AlertStatus.AWAITING_APPROVAL);
    }

    @Test
    void anEditFromAStaleVersionIsRefused() {
        Alert raised = alerts.raise(content("Version 0"), RAISER, false);
        alerts.edit(raised.id(), raised.version(), content("First edit"), RAISER);

        assertThatThrownBy(() -> alerts.edit(raised.id(), raised.version(), content("Second edit, stale"), CHAIR))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("Someone else changed this alert");
        Alert after = alerts.get(raised.id());
        assertThat(after.content().title()).isEqualTo("First edit");
        assertThat(after.lastEditedBy()).isEqualTo(RAISER);
    }

    @Test
    void referencesCountUpWithinAYearAndStartAgainInTheNext() {
        CLOCK.set(Instant.parse("2031-12-31T23:59:00Z"));
        String first = alerts.raise(content("New Year's Eve"), RAISER, false).reference();
        String second = alerts.raise(content("New Year's Eve, later"), RAISER, false).reference();
        CLOCK.set(Instant.parse("2032-01-01T00:00:30Z"));
        String third = alerts.raise(content("New Year's Day"), RAISER, false).reference();
        String fourth = alerts.raise(content("New Year's Day, later"), RAISER, false).reference();

        assertThat(first).matches("SVCTEST-2031-\\d{4}");
        assertThat(Integer.parseInt(second.substring(13))).isEqualTo(Integer.parseInt(first.substring(13)) + 1);
        assertThat(third).isEqualTo("SVCTEST-2032-0001");
        assertThat(fourth).isEqualTo("SVCTEST-2032-0002");
    }

    @Test
    void theApprovalAndItsOutboxRowCommitOrFailTogether() {
        Alert raised = alerts.raise(content("Outbox refused once"), RAISER, true);
        jdbc.sql("alter table alert_outbox add constraint test_refuse_outbox check (alert_id <> " + raised.id() + ")")
                .update();
        try {
            assertThatThrownBy(() -> alerts.approve(raised.id(), CHAIR)).isInstanceOf(DataAccessException.class);
        } finally {
            jdbc.sql("alter table alert_outbox drop constraint test_refuse_outbox").update();
        }
        assertThat(alerts.get(raised.id()).status()).as("rolled back with the outbox row")
                .isEqualTo(AlertStatus.AWAITING_APPROVAL);
        assertThat(count("select count(*) from audit_event where subject_type = 'ALERT' and subject_id = :id"
                + " and action = 'ALERT_APPROVED'", raised.id())).isZero();

        assertThat(alerts.approve(raised.id(), CHAIR).status()).isEqualTo(AlertStatus.APPROVED);
        assertThat(count("select count(*) from alert_outbox where alert_id = :id and published_at is null",
                raised.id())).isEqualTo(1);
    }

    @Test
    void anAlertWhoseDeadlinePassedWhileItWaitedCannotBeApproved() {
        Alert raised = alerts.raise(content("Waited too long"), RAISER, true);
        CLOCK.set(CLOCK.instant().plusSeconds(9 * 3600)); // the deadline was 8 hours after raising

        assertThatThrownBy(() -> alerts.approve(raised.id(), CHAIR))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("cannot be approved as it is")
                .hasMessageContaining("acknowledgement deadline must be in the future");
        assertThat(alerts.get(raised.id()).status()).isEqualTo(AlertStatus.AWAITING_APPROVAL);
        assertThat(alerts.reject(raised.id(), CHAIR, "Deadline passed: please set a new one").status())
                .isEqualTo(AlertStatus.REJECTED);
    }

    private AlertContent content(String title) {
        return AlertFixtures.content(title, OffsetDateTime.now(CLOCK).withOffsetSameInstant(ZoneOffset.UTC));
    }

    private int count(String sql, long id) {
        return jdbc.sql(sql).param("id", Long.toString(id)).query(Integer.class).single();
    }
}
