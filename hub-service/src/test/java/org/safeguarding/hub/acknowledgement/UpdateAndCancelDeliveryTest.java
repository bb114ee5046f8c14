package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.safeguarding.hub.account.TestBrowser.csrfField;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.alert.AlertRepository;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.safeguarding.hub.delivery.TestSchools;

/**
 * Updates and cancels of a sent alert, through the real flow into GreenMail. They reach exactly the schools the
 * alert reached: not a school opened in the targeted area since, but a school closed since (it was told the first
 * thing). An update asks for acknowledgement again through links of its own; a cancel tells every school, those
 * that acknowledged too, why the alert is withdrawn, and asks for nothing.
 */
class UpdateAndCancelDeliveryTest extends AcknowledgementTestBase {

    @Test
    void anUpdateGoesToTheSchoolsTheAlertWentToAndIsAcknowledgedThroughItsOwnLinks() {
        TestSchools schools = TestSchools.importInto(context, "831", 8_310_001, 3);
        SentAlerts.Sent original = alerts.send(schools, "Coercion on a video-chat site", LETTER);
        long closedSince = original.firstUrn();
        long openedSince = 8_310_900;
        schools.changeSchool(context, closedSince, false);
        schools.changeSchool(context, openedSince, true);
        long acknowledgedUrn = schools.headOnly();
        long silentUrn = 8_310_002;
        acknowledge(original.token(acknowledgedUrn));

        JsonNode approved = api.updateAndApprove(original.id(), Map.of("adviceForSchools", "Check the new app too."));
        assertThat(approved.get("reference").asText()).isEqualTo(original.reference() + "-U1");
        SentAlerts.Sent update = alerts.sent(schools, approved);

        Map<String, Email> emails = SentMail.of(SMTP, update.reference());
        assertThat(emails.values().stream().map(Email::to).collect(Collectors.toSet()))
                .as("the schools the alert went to, the one closed since included")
                .isEqualTo(new HashSet<>(schools.emailedTo().values()));
        assertThat(emails.values().stream().flatMap(e -> e.to().stream()))
                .as("not the school opened since, though the targeting matches it")
                .doesNotContain(TestSchools.address("dsl", openedSince));
        assertThat(urns(update.id())).isEqualTo(urns(original.id()));
        for (Email email : emails.values()) {
            assertThat(email.subject()).isEqualTo("UPDATE: SEVERE safeguarding alert " + update.reference()
                    + ": Coercion on a video-chat site");
            assertThat(email.text()).contains("UPDATE - this replaces " + original.reference(),
                    "What has changed: what your school should do.", "Check the new app too.",
                    "Confirm your school has received this update");
            assertThat(email.html()).contains("id=\"update-banner\"", "Check the new app too.");
        }
        update.tokens().forEach((urn, token) -> {
            assertThat(token).as("a link of the update's own").isNotEqualTo(original.token(urn));
            assertThat(jdbc.sql("select alert_id from acknowledgement_link where token_hash = :hash")
                    .param("hash", AcknowledgementLinks.hash(token)).query(Long.class).single()).isEqualTo(update.id());
        });

        assertThat(browser.get("/ack/" + original.token(silentUrn)).body())
                .as("the alert's link, opened after the update")
                .contains("This alert has been updated: " + update.reference() + ", emailed to your school, replaces it")
                .doesNotContain("id=\"confirm\"");
        acknowledge(update.token(acknowledgedUrn));
        assertThat(acknowledgements(update.id())).isEqualTo(1);
        assertThat(acknowledgements(original.id())).as("the alert's acknowledgement stays on record").isEqualTo(1);
        assertThat(api.status(original.id()).get("supersededBy").asLong()).isEqualTo(update.id());
        JsonNode updateStatus = api.status(update.id());
        assertThat(updateStatus.get("msgType").asText()).isEqualTo("Update");
        assertThat(updateStatus.get("referencesAlert").asLong()).isEqualTo(original.id());
        assertThat(updateStatus.get("content").get("summary").asText()).as("what was not sent stays")
                .isEqualTo("What happened: pupils shared Coercion on a video-chat site");
        AlertRepository chase = context.getBean(AlertRepository.class);
        assertThat(chase.stillToBeChased(original.id())).as("superseded: schools acknowledge the update").isFalse();
        assertThat(chase.stillToBeChased(update.id())).isTrue();
    }

    @Test
    void aCancelTellsEverySchoolTheAlertWentToWhyItIsWithdrawnAndAsksNothing() {
        TestSchools schools = TestSchools.importInto(context, "832", 8_320_001, 2);
        Map<String, Object> alert = HubApi.alert("832", "Exercise Nightjar", "an exercise", true);
        alert.put("parentLetter", "Dear parents, please talk with your child about video-chat sites.");
        SentAlerts.Sent original = alerts.sent(schools, api.raiseAndApprove(alert));
        long acknowledgedUrn = original.firstUrn();
        acknowledge(original.token(acknowledgedUrn));
        String reason = "Sent to the wrong area: Hollingford police will write again.";

        JsonNode cancel = api.cancel(original.id(), reason);
        long cancelId = cancel.get("id").asLong();
        String reference = cancel.get("reference").asText();
        assertThat(reference).isEqualTo(original.reference() + "-C");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(cancelId).get("status").asText()).isEqualTo("SENT"));

        Map<String, Email> emails = SentMail.of(SMTP, reference);
        assertThat(emails.values().stream().map(Email::to).collect(Collectors.toSet()))
                .as("every school the alert reached, the one that acknowledged included")
                .isEqualTo(new HashSet<>(schools.emailedTo().values()));
        for (Email email : emails.values()) {
            assertThat(email.subject()).isEqualTo("EXERCISE: CANCELLED: SEVERE safeguarding alert " + reference
                    + ": Exercise Nightjar");
            assertThat(email.text()).startsWith("EXERCISE").contains("CANCELLED - alert " + original.reference()
                    + " is withdrawn", "WHY IT IS WITHDRAWN", reason, "you do not need to reply to this email")
                    .doesNotContain("/ack/");
            assertThat(email.html()).contains("id=\"cancel-banner\"", "EXERCISE", "Hollingford police will write again")
                    .doesNotContain("/ack/");
        }
        assertThat(jdbc.sql("select count(*) from acknowledgement_link where alert_id = :a").param("a", cancelId)
                .query(Integer.class).single()).as("a cancel asks for no acknowledgement").isZero();

        String silentLink = "/ack/" + original.token(schools.headOnly());
        String page = browser.get(silentLink).body();
        assertThat(page).as("the alert's link, opened after the cancel")
                .contains("This alert has been withdrawn: you do not need to confirm it", "Hollingford police will write again")
                .doesNotContain("id=\"confirm\"", "id=\"parent-letter\"", "letter.pdf");
        assertThat(browser.get(silentLink + "/letter.pdf").statusCode()).as("the withdrawn letter for parents")
                .isEqualTo(303);
        // the page has no form any more; the sign-in page's CSRF field is as good for this browser
        assertThat(browser.postForm(silentLink, form(csrfField(browser.get("/sign-in").body()), "Sam Late", "Head",
                "Letter sent")).statusCode()).isEqualTo(302);
        JsonNode status = api.status(original.id());
        assertThat(status.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(status.get("cancelledBy").asLong()).isEqualTo(cancelId);
        assertThat(status.get("acknowledged").asInt())
                .as("acknowledgements stay on record; a POST after the cancel records none").isEqualTo(1);
        AlertRepository chase = context.getBean(AlertRepository.class);
        assertThat(chase.stillToBeChased(original.id())).isFalse();
        assertThat(chase.stillToBeChased(cancelId)).isFalse();
    }
}
