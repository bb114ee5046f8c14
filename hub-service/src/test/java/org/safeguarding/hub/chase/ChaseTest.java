package org.safeguarding.hub.chase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.chase.ChaseStep.FIRST_REMINDER;
import static org.safeguarding.hub.chase.ChaseStep.LA_ESCALATION;
import static org.safeguarding.hub.chase.ChaseStep.SECOND_REMINDER;
import static org.safeguarding.hub.delivery.TestSchools.address;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.acknowledgement.AcknowledgementTestBase;
import org.safeguarding.hub.acknowledgement.SentAlerts.Sent;
import org.safeguarding.hub.audit.AuditAction;
import org.safeguarding.hub.audit.AuditEvent;
import org.safeguarding.hub.audit.AuditTrail;
import org.safeguarding.hub.chase.ChasedAlerts.Delivery;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.safeguarding.hub.delivery.TestSchools;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

/**
 * The chase end to end, with the hub's clock moved instead of waiting: alerts go out through the real flow (API,
 * outbox, fan-out, email route) into GreenMail, schools acknowledge through their links, and the chase route, running
 * every 200 ms, sends what the ladder says when the clock says so. Times are in winter, when London is on UTC.
 */
@TestPropertySource(properties = "hub.chase.poll-interval=200")
class ChaseTest extends AcknowledgementTestBase {

    static final String LADO = "lado@testshire.example";
    static final String LADO_NORTH = "north.lado@testshire.example";

    @Autowired
    CamelContext camel;
    @Autowired
    AuditTrail audit;

    ChasedAlerts chase;

    @BeforeEach
    void chasedAlerts() throws Exception {
        chase = new ChasedAlerts(context, SMTP, alerts);
    }

    @Test
    void anExtremeAlertClimbsTheLadderSchoolBySchoolAndAnAcknowledgementStopsIt() {
        // A, B, C, D have a DSL, deputy and head; then a school with only a head, and one with no email contact at all
        TestSchools schools = TestSchools.importInto(context, "901", 9_010_001, 4, urn -> switch ((int) (urn - 9_010_000)) {
            case 1, 2 -> List.of("LA_SAFEGUARDING,Lee Ado," + LADO + ",");
            case 3 -> List.of("LA_SAFEGUARDING,Lee Ado," + LADO + ",", "LA_SAFEGUARDING,Nora North," + LADO_NORTH + ",");
            case 5 -> List.of("LA_SAFEGUARDING,Nora North," + LADO_NORTH + ",");
            case 6 -> List.of("LA_SAFEGUARDING,Lee Ado," + LADO + ",");
            default -> List.of(); // D: no local-authority contact
        });
        long a = 9_010_001, b = 9_010_002, c = 9_010_003, d = 9_010_004, headOnly = schools.headOnly(),
                noEmail = schools.unreachable();
        CLOCK.set(Instant.parse("2031-01-14T09:00:00Z"));
        Instant deadline = Instant.parse("2031-01-14T11:00:00Z");
        Sent alert = chase.send(schools, "EXTREME", deadline, false);
        chase.acknowledge(alert, a);

        CLOCK.set(deadline);
        Map<String, Delivery> first = chase.awaitStep(alert.id(), FIRST_REMINDER, 5);
        assertThat(first).as("every school but A, which acknowledged").containsOnlyKeys(keys(b, c, d, headOnly, noEmail));
        assertThat(first.get(key(noEmail)).status()).isEqualTo("UNREACHABLE");
        assertThat(first.get(key(noEmail)).lastError()).contains("no safeguarding contact with an email address");
        Map<Long, Email> firstEmails = chase.emails(alert, FIRST_REMINDER);
        assertThat(firstEmails.values()).extracting(Email::to).as("the DSL, or the head of a school without one")
                .containsExactlyInAnyOrder(Set.of(address("dsl", b)), Set.of(address("dsl", c)),
                        Set.of(address("dsl", d)), Set.of(address("head", headOnly)));
        Email toB = firstEmails.get(first.get(key(b)).id());
        assertThat(toB.subject()).startsWith("REMINDER: EXTREME safeguarding alert " + alert.reference());
        assertThat(toB.text()).contains("REMINDER", "This is a reminder", "Test School " + b,
                "Tuesday 14 January 2031 at 11:00", "EXTREME safeguarding alert " + alert.reference(),
                "https://alerts.example.org.uk/ack/" + alert.token(b), "What happened: children are being coerced",
                "If nobody confirms, the school's deputy DSL and head will be contacted.")
                .doesNotContain("EXERCISE");
        assertThat(toB.html()).contains("id=\"reminder-banner\"", "href=\"https://alerts.example.org.uk/ack/" + alert.token(b));

        chase.acknowledge(alert, b);
        CLOCK.set(deadline.plus(Duration.ofMinutes(30)));
        Map<String, Delivery> second = chase.awaitStep(alert.id(), SECOND_REMINDER, 4);
        assertThat(second).as("not A or B, which acknowledged").containsOnlyKeys(keys(c, d, headOnly, noEmail));
        assertThat(second.get(key(noEmail)).lastError()).contains("no deputy DSL or head with an email address");
        assertThat(chase.emails(alert, SECOND_REMINDER).values()).extracting(Email::to)
                .as("the deputy DSL and the head")
                .containsExactlyInAnyOrder(Set.of(address("deputy", c), address("head", c)),
                        Set.of(address("deputy", d), address("head", d)), Set.of(address("head", headOnly)));
        assertThat(chase.emails(alert, SECOND_REMINDER).get(second.get(key(c)).id()).text())
                .contains("This is a second reminder", "reminded its designated safeguarding lead on Tuesday 14 January"
                        + " 2031 at 11:00", "https://alerts.example.org.uk/ack/" + alert.token(c),
                        "If nobody confirms, the local authority's safeguarding team will be told.");

        CLOCK.set(deadline.plus(Duration.ofHours(1)));
        Map<String, Delivery> escalation = chase.awaitStep(alert.id(), LA_ESCALATION, 3);
        assertThat(escalation).as("one digest per LA address, and D, which has no LA contact")
                .containsOnlyKeys(LADO, LADO_NORTH, key(d));
        assertThat(escalation.get(key(d)).status()).isEqualTo("UNREACHABLE");
        Map<Long, Email> digests = chase.emails(alert, LA_ESCALATION);
        assertThat(digests).hasSize(2);
        Email toLado = digests.get(escalation.get(LADO).id());
        assertThat(toLado.to()).containsExactly(LADO);
        assertThat(toLado.subject()).isEqualTo("EXTREME safeguarding alert " + alert.reference() + ": 2 schools have not confirmed");
        assertThat(toLado.text()).contains("Dear Lee Ado,", "Test School " + c + " (URN " + c + "), telephone not known",
                "Test School " + noEmail + " (URN " + noEmail + "), telephone not known, not reached by email")
                .doesNotContain("(URN " + c + "), telephone not known, not reached", "URN " + a, "URN " + b, "URN " + d, "URN " + headOnly, "/ack/");
        Email toNorth = digests.get(escalation.get(LADO_NORTH).id());
        assertThat(toNorth.to()).containsExactly(LADO_NORTH);
        assertThat(toNorth.text()).contains("Dear Nora North,", "(URN " + c + ")", "(URN " + headOnly + ")")
                .doesNotContain("URN " + a, "URN " + b, "URN " + d, "URN " + noEmail);

        CLOCK.set(deadline.plus(Duration.ofDays(2)));
        ChasedAlerts.twoChaseRuns(camel);
        assertThat(jdbc.sql("select count(*) from delivery where alert_id = :id and purpose <> 'ALERT'")
                .param("id", alert.id()).query(Integer.class).single()).as("the ladder has no more steps").isEqualTo(12);

        assertThat(audit.find(AuditEvent.ALERT, Long.toString(alert.id()), 100)).filteredOn(e -> e.actor().equals("system"))
                .filteredOn(e -> e.action() == AuditAction.SCHOOLS_REMINDED || e.action() == AuditAction.SCHOOLS_ESCALATED)
                .extracting(e -> e.action() + " " + e.detail())
                .containsExactly(
                        "SCHOOLS_ESCALATED Escalated to the local authority: 4 schools in 2 digests: " + LADO + " (URN "
                                + c + ", " + noEmail + "); " + LADO_NORTH + " (URN " + c + ", " + headOnly
                                + "); nobody to write to at URN " + d,
                        "SCHOOLS_REMINDED Second reminder to the deputy DSL and head: 4 schools (URN " + c + ", " + d
                                + ", " + headOnly + "); nobody to write to at URN " + noEmail,
                        "SCHOOLS_REMINDED First reminder to the DSL: 5 schools (URN " + b + ", " + c + ", " + d + ", "
                                + headOnly + "); nobody to write to at URN " + noEmail);

        assertThat(api.recipient(alert.id(), a).get("chaseStep").isNull()).isTrue();
        assertThat(api.recipient(alert.id(), b).get("chaseStep").asText()).isEqualTo("FIRST_REMINDER");
        for (long urn : List.of(c, d, headOnly, noEmail)) {
            JsonNode row = api.recipient(alert.id(), urn);
            assertThat(row.get("chaseStep").asText()).as("URN " + urn).isEqualTo("LA_ESCALATION");
            assertThat(OffsetDateTime.parse(row.get("chasedAt").asText()).toInstant()).isEqualTo(deadline.plus(Duration.ofHours(1)));
        }
        String page = opsBrowser().get("/alerts/" + alert.id()).body();
        assertThat(page).contains("id=\"chase-steps\"", "First reminder to the DSL", "5 schools",
                "Escalated to the local authority", "id=\"silent-schools\"");
        assertThat(between(page, "id=\"silent-schools\"", "</table>"))
                .contains("Test School " + c, "Test School " + d).doesNotContain("Test School " + a, "Test School " + b);
    }

    @Test
    void cancellingAnAlertOrApprovingAnUpdateOfItStopsItsChaseAndTheUpdateIsChasedOnItsOwn() {
        CLOCK.set(Instant.parse("2031-02-03T09:00:00Z"));
        Instant deadline = Instant.parse("2031-02-03T10:00:00Z");
        Sent cancelled = chase.sendTo("902", 9_020_001, "SEVERE", deadline, false);
        Sent updated = chase.sendTo("903", 9_030_001, "SEVERE", deadline, false);
        Sent chased = chase.sendTo("904", 9_040_001, "SEVERE", deadline, false);
        api.cancel(cancelled.id(), "Sent to the wrong area");
        long update = api.updateAndApprove(updated.id(), Map.of("adviceForSchools", "Tell parents tonight"))
                .get("id").asLong();
        await(() -> assertThat(api.status(update).get("status").asText()).isEqualTo("SENT"));

        CLOCK.set(deadline);
        chase.awaitStep(chased.id(), FIRST_REMINDER, 3);
        Map<String, Delivery> updateReminders = chase.awaitStep(update, FIRST_REMINDER, 3);
        ChasedAlerts.twoChaseRuns(camel);
        for (long stopped : List.of(cancelled.id(), updated.id())) {
            assertThat(jdbc.sql("select count(*) from delivery where alert_id = :id and purpose <> 'ALERT'")
                    .param("id", stopped).query(Integer.class).single()).as("reminders of alert " + stopped).isZero();
            assertThat(jdbc.sql("select count(*) from chase_step where alert_id = :id").param("id", stopped)
                    .query(Integer.class).single()).as("chase steps of alert " + stopped).isZero();
        }
        String updateReference = api.status(update).get("reference").asText();
        Email reminder = SentMail.of(SMTP, updateReference).values().stream()
                .filter(email -> email.messageId().startsWith("<delivery-" + updateReminders.get(key(9_030_001)).id() + "."))
                .findFirst().orElseThrow();
        assertThat(reminder.subject()).startsWith("REMINDER: UPDATE: SEVERE safeguarding alert " + updateReference);
        assertThat(reminder.text()).contains("It is an update: it replaces " + updated.reference());
    }

    @Test
    void aReminderWaitingToBeSentIsNotSentOnceTheSchoolHasAcknowledgedOrTheAlertIsCancelled() throws Exception {
        CLOCK.set(Instant.parse("2031-02-10T09:00:00Z"));
        Instant deadline = Instant.parse("2031-02-10T10:00:00Z");
        TestSchools schools = TestSchools.importInto(context, "907", 9_070_001, 2);
        Sent alert = chase.send(schools, "SEVERE", deadline, false);
        long acknowledging = 9_070_001, silent = 9_070_002;

        camel.getRouteController().stopRoute("email-delivery");
        CLOCK.set(deadline);
        await(() -> assertThat(chase.step(alert.id(), FIRST_REMINDER)).hasSize(4));
        chase.acknowledge(alert, acknowledging);
        camel.getRouteController().startRoute("email-delivery");
        Map<String, Delivery> first = chase.awaitStep(alert.id(), FIRST_REMINDER, 4);
        assertThat(first.get(key(acknowledging)).status()).isEqualTo("FAILED");
        assertThat(first.get(key(acknowledging)).lastError())
                .isEqualTo("Not sent: the school acknowledged the alert before it went");
        assertThat(first.get(key(silent)).status()).isEqualTo("SENT");
        assertThat(chase.emails(alert, FIRST_REMINDER).values()).extracting(Email::to)
                .containsExactlyInAnyOrder(Set.of(address("dsl", silent)), Set.of(address("head", schools.headOnly())));

        camel.getRouteController().stopRoute("email-delivery");
        CLOCK.set(deadline.plus(Duration.ofHours(2)));
        await(() -> assertThat(chase.step(alert.id(), SECOND_REMINDER)).hasSize(3));
        api.cancel(alert.id(), "Sent in error");
        camel.getRouteController().startRoute("email-delivery");
        Map<String, Delivery> second = chase.awaitStep(alert.id(), SECOND_REMINDER, 3);
        assertThat(second.get(key(schools.unreachable())).lastError())
                .isEqualTo("The school has no deputy DSL or head with an email address");
        for (long urn : List.of(silent, schools.headOnly())) {
            assertThat(second.get(key(urn)).status()).isEqualTo("FAILED");
            assertThat(second.get(key(urn)).lastError()).startsWith("Not sent: the alert was cancelled");
        }
        assertThat(chase.emails(alert, SECOND_REMINDER)).isEmpty();
    }

    @Test
    void quietHoursHoldASevereReminderDueAtThreeInTheMorningUntilSevenButNotAnExtremeOne() {
        CLOCK.set(Instant.parse("2031-01-15T01:00:00Z"));
        Instant threeAm = Instant.parse("2031-01-15T03:00:00Z");
        Sent extreme = chase.sendTo("905", 9_050_001, "EXTREME", threeAm, false);
        Sent severe = chase.sendTo("906", 9_060_001, "SEVERE", threeAm, true);

        CLOCK.set(threeAm);
        chase.awaitStep(extreme.id(), FIRST_REMINDER, 3);
        ChasedAlerts.twoChaseRuns(camel);
        assertThat(chase.step(severe.id(), FIRST_REMINDER)).as("held by quiet hours").isEmpty();

        CLOCK.set(Instant.parse("2031-01-15T06:59:59Z"));
        chase.awaitStep(extreme.id(), SECOND_REMINDER, 3);
        ChasedAlerts.twoChaseRuns(camel);
        assertThat(chase.step(severe.id(), FIRST_REMINDER)).as("still quiet hours").isEmpty();

        CLOCK.set(Instant.parse("2031-01-15T07:00:00Z"));
        Map<String, Delivery> first = chase.awaitStep(severe.id(), FIRST_REMINDER, 3);
        Email reminder = chase.emails(severe, FIRST_REMINDER).get(first.get(key(9_060_001)).id());
        assertThat(reminder.subject()).startsWith("EXERCISE: REMINDER: SEVERE safeguarding alert " + severe.reference());
        assertThat(reminder.text()).startsWith("EXERCISE").contains("REMINDER", "Wednesday 15 January 2031 at 03:00");
        assertThat(reminder.html()).contains("id=\"exercise-banner\"", "id=\"reminder-banner\"");
    }

    private static void await(ThrowingRunnable assertion) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(assertion);
    }

    private static String key(long urn) {
        return Long.toString(urn);
    }

    private static String[] keys(long... urns) {
        return java.util.Arrays.stream(urns).mapToObj(ChaseTest::key).toArray(String[]::new);
    }

    private TestBrowser opsBrowser() {
        String ops = TestAccounts.ensure(context.getBean(AccountRepository.class), context.getBean(PasswordEncoder.class),
                "chase-ops", Role.OPS);
        return new TestBrowser(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
                .signIn(ops, TestAccounts.password(ops));
    }
}
