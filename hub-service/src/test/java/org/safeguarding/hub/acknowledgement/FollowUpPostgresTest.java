package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.safeguarding.hub.alert.CapDocuments.text;
import static org.safeguarding.hub.delivery.TestSchools.address;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.acknowledgement.SentAlerts.Sent;
import org.safeguarding.hub.alert.AlertApi;
import org.safeguarding.hub.alert.AlertRepository;
import org.safeguarding.hub.alert.CapDocuments;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.safeguarding.hub.delivery.TestSchools;
import org.safeguarding.hub.routes.chase.ChasePlanner;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.w3c.dom.Document;

/**
 * An update and a cancel on a real PostgreSQL, through the real flow (API, outbox, fan-out, email route) into
 * GreenMail: the update, approved by a second person, reaches exactly the schools the alert reached and is chased in
 * its place; the cancel tells every one of them; the chase, run once after the deadline, writes nothing for the
 * cancelled alert while it chases another alert due at the same time. The clock is in 2032, so that these alerts'
 * references are none of those that other contexts sent into the shared GreenMail.
 */
@TestPropertySource(properties = "hub.chase.poll-interval=3600000") // the test runs the chase itself, once
@DirtiesContext
class FollowUpPostgresTest extends AcknowledgementTestBase implements OnRealPostgres {

    static final Instant RAISED = Instant.parse("2032-02-04T09:00:00Z");
    static final Instant DEADLINE = Instant.parse("2032-02-04T11:00:00Z");
    /** An approver of the alert's organisation, who may raise an update but not approve their own. */
    static final String CHAIR = "followup-chair";

    @Autowired
    AlertRepository repository;
    @Autowired
    ChasePlanner chase;

    @BeforeEach
    void chair(@Autowired AccountRepository accounts, @Autowired PasswordEncoder passwords) {
        TestAccounts.ensure(accounts, passwords, CHAIR, Role.APPROVER);
    }

    @Test
    void anUpdateReachesTheAlertsSchoolsOnlyACancelReachesAllOfThemAndTheCancelledAlertIsNotChased() throws Exception {
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL ");
        CLOCK.set(RAISED);
        TestSchools schools = TestSchools.importInto(context, "841", 8_410_001, 2);
        TestSchools elsewhere = TestSchools.importInto(context, "842", 8_420_001, 1);
        Sent original = alerts.send(schools, alert(schools, "Coercion on a video-chat site"));
        Sent stillChased = alerts.send(elsewhere, alert(elsewhere, "Chased as usual"));
        long openedSince = 8_410_900;
        schools.changeSchool(context, openedSince, true);
        long acknowledged = schools.headOnly();
        acknowledge(original.token(acknowledged));
        Set<Set<String>> originalSchools = new HashSet<>(schools.emailedTo().values());

        // an update, raised by a chair: four eyes refuse the chair's own approval, a second chair approves it; it goes
        // to the alert's schools only
        AlertApi chair = new AlertApi(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        HttpResponse<String> raising = chair.post(CHAIR, "/api/v1/alerts/" + original.id() + "/update", "application/json",
                BodyPublishers.ofString(chair.write(Map.of("adviceForSchools", "Check the new app too."))));
        assertThat(raising.statusCode()).as(raising.body()).isEqualTo(201);
        JsonNode raised = chair.read(raising);
        HttpResponse<String> ownApproval = chair.approve(CHAIR, raised.get("id").asLong());
        assertThat(ownApproval.statusCode()).isEqualTo(403);
        assertThat(chair.read(ownApproval).get("detail").asText())
                .isEqualTo("You raised " + original.reference() + "-U1: someone else must approve it");
        Sent update = alerts.sent(schools, api.approve(raised));
        Map<String, Email> updateEmails = SentMail.of(SMTP, update.reference());
        assertThat(recipients(updateEmails)).as("the schools the alert went to").isEqualTo(originalSchools);
        assertThat(urns(update.id())).as("the schools the alert went to, the unreachable one too, not the new one")
                .isEqualTo(urns(original.id())).doesNotContain(openedSince);
        assertThat(updateEmails.values()).allSatisfy(email -> {
            assertThat(email.subject()).startsWith("UPDATE: SEVERE safeguarding alert " + update.reference());
            // only the advice: nothing else read back from PostgreSQL (which gives its times in UTC) counts as changed
            assertThat(email.text()).contains("What has changed: what your school should do.", "Check the new app too.");
        });
        assertThat(repository.stillToBeChased(original.id())).as("superseded by the update").isFalse();
        assertThat(repository.stillToBeChased(update.id())).isTrue();
        assertThat(browser.get("/ack/" + original.token(8_410_001)).body()).as("the alert's link after the update")
                .contains("This alert has been updated: " + update.reference());
        Document originalCap = CapDocuments.valid(chair, CHAIR, original.id());
        Document updateCap = CapDocuments.valid(chair, CHAIR, update.id());
        assertThat(text(updateCap, "msgType")).isEqualTo("Update");
        assertThat(text(updateCap, "references")).as("sender,identifier,sent of the alert")
                .isEqualTo(text(originalCap, "sender") + "," + text(originalCap, "identifier") + ","
                        + text(originalCap, "sent"));

        // a cancel: every school the alert went to is told, the one that acknowledged too; nothing is chased
        String reason = "Sent in error: the site named is not the one the police meant.";
        JsonNode cancel = api.cancel(original.id(), reason);
        long cancelId = cancel.get("id").asLong();
        String cancelReference = cancel.get("reference").asText();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(cancelId).get("status").asText()).isEqualTo("SENT"));
        Map<String, Email> cancelEmails = SentMail.of(SMTP, cancelReference);
        assertThat(recipients(cancelEmails)).as("every school the alert went to").isEqualTo(originalSchools);
        assertThat(urns(cancelId)).isEqualTo(urns(original.id()));
        assertThat(SentMail.to(cancelEmails, address("head", acknowledged)).text()).as("to the school that acknowledged")
                .contains(reason);
        assertThat(cancelEmails.values()).allSatisfy(email -> assertThat(email.subject())
                .startsWith("CANCELLED: SEVERE safeguarding alert " + cancelReference));
        JsonNode status = api.status(original.id());
        assertThat(status.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(status.get("cancelledBy").asLong()).isEqualTo(cancelId);
        assertThat(status.get("acknowledged").asInt()).as("the acknowledgement stays on record").isEqualTo(1);
        for (long message : List.of(original.id(), update.id(), cancelId)) {
            assertThat(repository.stillToBeChased(message)).as("message " + message + " still to be chased").isFalse();
        }
        assertThat(browser.get("/ack/" + update.token(8_410_001)).body()).as("the update's link after the cancel")
                .contains("This alert has been withdrawn: you do not need to confirm it");
        assertThat(SMTP.getReceivedMessagesForDomain(address("dsl", openedSince)))
                .as("the school opened after the alert went out, though the targeting matches it").isEmpty();

        // the chase, once, after the deadline: the other alert's schools are reminded, none of the cancelled alert's
        CLOCK.set(DEADLINE.plus(Duration.ofMinutes(1)));
        int chased = chase.planDueSteps();
        assertThat(chased).as("schools chased").isEqualTo(deliveries(stillChased.id(), "ALERT"))
                .isEqualTo(deliveries(stillChased.id(), "FIRST_REMINDER")).isPositive();
        for (long message : List.of(original.id(), update.id(), cancelId)) {
            assertThat(jdbc.sql("select count(*) from delivery where alert_id = :id and purpose <> 'ALERT'")
                    .param("id", message).query(Integer.class).single()).as("reminders of " + message).isZero();
            assertThat(jdbc.sql("select count(*) from chase_step where alert_id = :id").param("id", message)
                    .query(Integer.class).single()).as("chase steps of " + message).isZero();
        }
    }

    /** DESIGN's alert JSON for the schools of one LA, to be acknowledged by {@link #DEADLINE}. */
    private static Map<String, Object> alert(TestSchools schools, String title) {
        Map<String, Object> alert = HubApi.alert(schools.laCode(), title, "pupils shared " + title, false);
        alert.put("ackDeadline", DEADLINE.toString());
        alert.put("expires", DEADLINE.plus(Duration.ofDays(14)).toString());
        return alert;
    }

    private static Set<Set<String>> recipients(Map<String, Email> emails) {
        return emails.values().stream().map(Email::to).collect(Collectors.toSet());
    }

    private int deliveries(long alertId, String purpose) {
        return jdbc.sql("select count(*) from delivery where alert_id = :id and purpose = :purpose")
                .param("id", alertId).param("purpose", purpose).query(Integer.class).single();
    }
}
