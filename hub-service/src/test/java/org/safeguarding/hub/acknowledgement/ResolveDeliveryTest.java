package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.alert.CapDocuments.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.alert.AlertRepository;
import org.safeguarding.hub.alert.CapDocuments;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.safeguarding.hub.delivery.TestSchools;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;

/**
 * "Resolved": the all-clear of an alert, through the real flow into GreenMail. Raised by one approver and approved by
 * another, it tells every school the alert went to (those that confirmed it too) that it is over, asks nothing, and
 * ends the chase; its CAP is an Update with responseType AllClear that references the alert.
 */
class ResolveDeliveryTest extends AcknowledgementTestBase {

    static final String CLOSING = "The site has been taken down and the man arrested. Thank you for acting so quickly.";

    @Autowired
    AlertRepository repository;

    Resolutions resolutions;

    @BeforeEach
    void resolutions() {
        resolutions = new Resolutions(context, api);
    }

    @Test
    void theAllClearReachesEverySchoolTheAlertWentToAsksNothingAndEndsTheChase() throws Exception {
        TestSchools schools = TestSchools.importInto(context, "934", 9_340_001, 2);
        SentAlerts.Sent original = alerts.send(schools, HubApi.alert("934", "Exercise Kestrel", "an exercise", true));
        long acknowledgedUrn = original.firstUrn();
        acknowledge(original.token(acknowledgedUrn));
        assertThat(repository.stillToBeChased(original.id())).as("before it is resolved").isTrue();

        JsonNode resolved = resolutions.resolveAndApprove(original.id(), CLOSING);
        long resolveId = resolved.get("id").asLong();
        String reference = resolved.get("reference").asText();
        assertThat(reference).isEqualTo(original.reference() + "-R");

        Map<String, Email> emails = SentMail.of(SMTP, reference);
        assertThat(emails.values().stream().map(Email::to).collect(Collectors.toSet()))
                .as("every school the alert reached, the one that acknowledged included")
                .isEqualTo(new HashSet<>(schools.emailedTo().values()));
        for (Email email : emails.values()) {
            assertThat(email.subject()).isEqualTo("EXERCISE: RESOLVED: SEVERE safeguarding alert " + reference
                    + ": Exercise Kestrel");
            assertThat(email.text()).startsWith("EXERCISE").contains("RESOLVED - alert " + original.reference()
                    + " is over", CLOSING, "you do not need to reply to this email or confirm it")
                    .doesNotContain("/ack/");
            assertThat(email.html()).contains("id=\"resolved-banner\"", "id=\"closing-message\"").doesNotContain("/ack/");
        }
        assertThat(jdbc.sql("select count(*) from acknowledgement_link where alert_id = :a").param("a", resolveId)
                .query(Integer.class).single()).as("an all-clear asks for no acknowledgement").isZero();

        Document cap = CapDocuments.valid(resolutions.http, Resolutions.CHAIR, resolveId);
        Document originalCap = CapDocuments.valid(resolutions.http, Resolutions.CHAIR, original.id());
        assertThat(text(cap, "msgType")).isEqualTo("Update");
        assertThat(text(cap, "responseType")).isEqualTo("AllClear");
        assertThat(text(cap, "status")).isEqualTo("Exercise");
        assertThat(text(cap, "description")).isEqualTo(CLOSING);
        assertThat(text(cap, "references")).isEqualTo(text(originalCap, "sender") + ","
                + text(originalCap, "identifier") + "," + text(originalCap, "sent"));
        assertThat(text(originalCap, "responseType")).as("the alert itself has none").isNull();

        for (long message : new long[] {original.id(), resolveId}) {
            assertThat(repository.stillToBeChased(message)).as("message " + message + " still to be chased").isFalse();
        }
        JsonNode status = api.status(original.id());
        assertThat(status.get("resolvedBy").asLong()).isEqualTo(resolveId);
        assertThat(api.status(resolveId).get("responseType").asText()).isEqualTo("AllClear");
        assertThat(browser.get("/ack/" + original.token(schools.headOnly())).body())
                .as("a silent school's link after the all-clear")
                .contains("This alert is resolved: no further action is needed", CLOSING)
                .doesNotContain("id=\"confirm\"");
        assertThat(jdbc.sql("""
                select count(*) from audit_event where subject_type = 'ALERT' and subject_id = :a
                  and action = 'ALERT_RESOLVE_RAISED' and actor = :chair""")
                .param("a", String.valueOf(original.id())).param("chair", Resolutions.CHAIR)
                .query(Integer.class).single()).as("audited on the alert").isEqualTo(1);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where subject_type = 'ALERT' and subject_id = :a
                  and action = 'ALERT_RESOLVE_APPROVED' and actor = 'fanout-approver' and detail = :reference""")
                .param("a", String.valueOf(original.id())).param("reference", reference)
                .query(Integer.class).single()).as("its approval, audited on the alert").isEqualTo(1);
    }

    @Test
    void aSecondApproverMustApproveItAndAResolvedAlertTakesNoUpdateOrSecondAllClear() {
        TestSchools schools = TestSchools.importInto(context, "935", 9_350_001, 1);
        SentAlerts.Sent original = alerts.send(schools, "Four eyes on the all-clear", null);

        HttpResponse<String> blank = resolutions.raise(original.id(), " ");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("Enter the closing message for schools");
        HttpResponse<String> raising = resolutions.raise(original.id(), CLOSING);
        assertThat(raising.statusCode()).as(raising.body()).isEqualTo(201);
        JsonNode raised = resolutions.http.read(raising);
        assertThat(raised.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        HttpResponse<String> own = resolutions.http.approve(Resolutions.CHAIR, raised.get("id").asLong());
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(resolutions.http.read(own).get("detail").asText())
                .isEqualTo("You raised " + original.reference() + "-R: someone else must approve it");
        assertThat(resolutions.raise(original.id(), "Again").statusCode()).as("one at a time").isEqualTo(409);
        assertThat(repository.stillToBeChased(original.id())).as("not until it is approved").isTrue();
        HttpResponse<String> raiserResolving = resolutions.http.post("fanout-raiser",
                "/api/v1/alerts/" + original.id() + "/resolve", "application/json",
                BodyPublishers.ofString(resolutions.http.write(Map.of("message", CLOSING))));
        assertThat(raiserResolving.statusCode()).as("only an approver marks an alert resolved").isEqualTo(403);

        api.approve(raised);
        HttpResponse<String> update = resolutions.http.post("fanout-raiser", "/api/v1/alerts/" + original.id()
                + "/update", "application/json", BodyPublishers.ofString(resolutions.http.write(
                Map.of("adviceForSchools", "More advice"))));
        assertThat(update.statusCode()).isEqualTo(409);
        assertThat(update.body()).contains("The alert is resolved (" + original.reference() + "-R)");
        assertThat(resolutions.raise(original.id(), "Once more").statusCode()).isEqualTo(409);
    }

    @Test
    void aRejectedAllClearBlocksAnotherUntilItIsCancelledAndTheNextIsNumberedR2() {
        TestSchools schools = TestSchools.importInto(context, "944", 9_440_001, 1);
        SentAlerts.Sent original = alerts.send(schools, "Resolved at the second try", null);
        HttpResponse<String> first = resolutions.raise(original.id(), "Too soon");
        long firstId = resolutions.http.read(first).get("id").asLong();
        assertThat(resolutions.http.reject("fanout-approver", firstId, "Not yet: the police are still looking")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> blocked = resolutions.raise(original.id(), "Again");
        assertThat(blocked.statusCode()).isEqualTo(409);
        assertThat(blocked.body()).contains(original.reference() + "-R is already rejected");
        assertThat(resolutions.http.post(Resolutions.CHAIR, "/api/v1/alerts/" + firstId + "/cancel",
                "application/json", BodyPublishers.ofString("{\"reason\":\"Withdrawn\"}")).statusCode())
                .as("a rejected all-clear is simply cancelled").isEqualTo(200);
        assertThat(api.status(original.id()).get("status").asText()).as("the alert stands").isEqualTo("SENT");

        JsonNode second = resolutions.resolveAndApprove(original.id(), "The site is down.");
        assertThat(second.get("reference").asText()).isEqualTo(original.reference() + "-R2");
        assertThat(repository.stillToBeChased(original.id())).isFalse();
    }

    @Test
    void theAlertPageOffersMarkAsResolvedToAnApproverAndItsFormAsksForTheClosingMessage() {
        TestSchools schools = TestSchools.importInto(context, "936", 9_360_001, 1);
        SentAlerts.Sent original = alerts.send(schools, "Marked resolved on the page", null);
        TestBrowser chair = new TestBrowser(browser.uri("/").getPort())
                .signIn(Resolutions.CHAIR, TestAccounts.password(Resolutions.CHAIR));
        String path = "/alerts/" + original.id();

        String page = chair.get(path).body();
        assertThat(page).contains("id=\"resolve\"", "Mark as resolved");
        String form = chair.get(path + "/resolve").body();
        assertThat(form).contains("Closing message for schools", "Another approver must approve it");
        HttpResponse<String> empty = chair.postForm(path + "/resolve", Map.of("_csrf", TestBrowser.csrfField(form),
                "message", ""));
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("<title>Error: ", "Enter the closing message for schools");
        HttpResponse<String> sent = chair.postForm(path + "/resolve", Map.of("_csrf", TestBrowser.csrfField(form),
                "message", CLOSING));
        assertThat(sent.statusCode()).isEqualTo(302);
        String resolvePage = chair.get(TestBrowser.location(sent)).body();
        assertThat(resolvePage).contains(original.reference() + "-R is awaiting approval", "id=\"resolves\"",
                "Closing message", CLOSING).doesNotContain("Acknowledge by", "id=\"approve\"");
        assertThat(chair.get(path).body()).contains("id=\"resolved-by\"", original.reference() + "-R")
                .doesNotContain("id=\"resolve\"");
    }
}
