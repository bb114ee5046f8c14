package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.alert.CapDocuments.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.delivery.DeliveryLedger;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;

/**
 * Updates and cancels on the API, over real HTTP: four eyes on an update, what it may change, who may cancel, the
 * state machine, the audit trail, and what a cancel's planning does to the alert's deliveries. The outbox relay
 * waits an hour (as in AlertApiTest, whose context this shares): a test plans an approved alert itself, which puts
 * it in SENDING with its deliveries in the ledger, and nothing is sent.
 */
class AlertFollowUpApiTest extends AlertApiTestBase {

    static final String RAISER = "follow-raiser";
    static final String CHAIR = "follow-chair";
    static final String SECOND_CHAIR = "follow-second-chair";
    static final String OUTSIDER = "follow-outsider";

    @Autowired
    DeliveryLedger ledger;

    @BeforeEach
    void accountsAndDirectory() throws Exception {
        account(RAISER, Role.RAISER);
        account(CHAIR, Role.APPROVER);
        account(SECOND_CHAIR, Role.APPROVER);
        TestAccounts.ensure(accounts, passwords, OUTSIDER, Role.RAISER, "Another partnership");
    }

    @Test
    void anUpdateIsRaisedLikeAnAlertKeepsWhatItDoesNotChangeAndASecondPersonApprovesIt() {
        long original = sending("Video-chat coercion");
        String reference = view(original).get("reference").asText();

        HttpResponse<String> raised = update(CHAIR, original, Map.of("title", "Video-chat coercion: the site has moved"));

        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(201);
        JsonNode created = api.read(raised);
        long update = created.get("id").asLong();
        assertThat(raised.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/v1/alerts/" + update));
        assertThat(created.get("reference").asText()).isEqualTo(reference + "-U1");
        assertThat(created.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        JsonNode view = view(update);
        assertThat(view.get("msgType").asText()).isEqualTo("Update");
        assertThat(view.get("referencesAlert").asLong()).isEqualTo(original);
        assertThat(view.get("recipients").asInt()).as("the schools the alert went to").isEqualTo(AlertFixtures.OPEN_SCHOOLS);
        JsonNode content = view.get("content");
        assertThat(content.get("title").asText()).isEqualTo("Video-chat coercion: the site has moved");
        assertThat(content.get("summary").asText()).isEqualTo(AlertFixtures.alertJson("").get("summary"));
        assertThat(content.get("parentLetter").asText()).isEqualTo("Dear parents and carers, ...");
        assertThat(content.get("channels")).hasSize(2);

        assertThat(api.approve(RAISER, update).statusCode()).as("a raiser never approves").isEqualTo(403);
        HttpResponse<String> own = api.approve(CHAIR, update);
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(api.read(own).get("detail").asText()).contains("You raised " + reference + "-U1");
        assertThat(view(original).get("supersededBy").isNull()).as("not before it is approved").isTrue();
        HttpResponse<String> approved = api.approve(SECOND_CHAIR, update);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(api.read(approved).get("status").asText()).isEqualTo("APPROVED");
        assertThat(outbox(update)).isEqualTo(1);
        assertThat(view(original).get("supersededBy").asLong()).isEqualTo(update);

        assertThat(audit(original)).containsSubsequence("ALERT_UPDATE_RAISED " + CHAIR + " " + reference + "-U1",
                "ALERT_UPDATE_APPROVED " + SECOND_CHAIR + " " + reference + "-U1");
        assertThat(audit(update)).containsSubsequence(
                "ALERT_RAISED " + CHAIR + " " + reference + "-U1 updates " + reference
                        + ": Video-chat coercion: the site has moved",
                "ALERT_SUBMITTED " + CHAIR + " " + reference + "-U1",
                "ALERT_APPROVED " + SECOND_CHAIR + " " + reference + "-U1");
    }

    @Test
    void anUpdateCannotChangeWhoItGoesToNorHowNorBeInvalid() {
        long original = sending("Fixed recipients");
        Map<String, Object> json = AlertFixtures.alertJson("Fixed recipients");

        problem(update(RAISER, original, Map.of("target", Map.of("urns", List.of(987001)))), "target",
                "its targeting cannot change");
        problem(update(RAISER, original, Map.of("channels", List.of("EMAIL"))), "channels", "channels cannot change");
        problem(update(RAISER, original, Map.of("exercise", true)), "exercise", "cannot be an exercise");
        problem(update(RAISER, original, Map.of("title", "t".repeat(121))), "title", "120 characters or fewer");
        problem(update(RAISER, original, Map.of("ackDeadline", "2020-01-01T09:00:00Z")), "ackDeadline",
                "must be in the future");
        problem(update(RAISER, original, Map.of("severity", "CATASTROPHIC")), "severity", "one of EXTREME, SEVERE");
        assertThat(followUps(original)).as("nothing raised").isZero();

        HttpResponse<String> same = update(RAISER, original, json);
        assertThat(same.statusCode()).as("targeting and channels repeated unchanged: " + same.body()).isEqualTo(201);
        assertThat(update(OUTSIDER, original, Map.of("title", "Theirs")).statusCode())
                .as("only the alert's organisation updates it").isEqualTo(403);
    }

    @Test
    void theStateMachineRefusesUpdatesThatMakeNoSense() {
        long awaiting = api.raised(RAISER, AlertFixtures.alertJson("Not sent yet"));
        conflict(update(RAISER, awaiting, Map.of("title", "Too soon")),
                "An alert that is awaiting approval cannot be updated: change it instead");

        long original = sending("Updated twice");
        String reference = view(original).get("reference").asText();
        HttpResponse<String> first = update(RAISER, original, Map.of("title", "First update"));
        assertThat(first.statusCode()).isEqualTo(201);
        conflict(update(RAISER, original, Map.of("title", "Second update")), reference
                + "-U1 is already awaiting approval: change that update, or have it decided, before writing another");
        long firstId = api.read(first).get("id").asLong();
        assertThat(api.approve(CHAIR, firstId).statusCode()).isEqualTo(200);
        HttpResponse<String> second = update(RAISER, firstId, Map.of("summary", "More has happened"));
        assertThat(second.statusCode()).as("an update's id stands for its alert").isEqualTo(201);
        JsonNode secondView = view(api.read(second).get("id").asLong());
        assertThat(secondView.get("reference").asText()).isEqualTo(reference + "-U2");
        assertThat(secondView.get("referencesAlert").asLong()).isEqualTo(original);
        assertThat(secondView.get("content").get("title").asText()).as("from what schools were told last")
                .isEqualTo("First update");
    }

    @Test
    void onlyAnApproverCancelsSayingWhyAndAnAlertNotSentIsSimplyCancelled() {
        long awaiting = api.raised(RAISER, AlertFixtures.alertJson("Cancelled before approval"));
        assertThat(cancel(RAISER, awaiting, "mine").statusCode()).isEqualTo(403);
        HttpResponse<String> noReason = cancel(CHAIR, awaiting, " ");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(api.read(noReason).get("errors").findValuesAsText("field")).containsExactly("reason");

        HttpResponse<String> cancelled = cancel(CHAIR, awaiting, "Raised twice by mistake");

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(api.read(cancelled).get("id").asLong()).isEqualTo(awaiting);
        assertThat(api.read(cancelled).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(followUps(awaiting)).as("no message: no school has it").isZero();
        assertThat(outbox(awaiting)).isZero();
        JsonNode view = view(awaiting);
        assertThat(view.get("decidedBy").asText()).isEqualTo(CHAIR);
        assertThat(view.get("decisionReason").asText()).isEqualTo("Raised twice by mistake");
        assertThat(audit(awaiting)).contains("ALERT_CANCELLED " + CHAIR + " " + view.get("reference").asText()
                + ": Raised twice by mistake");
        conflict(cancel(SECOND_CHAIR, awaiting, "again"),
                "An alert that is cancelled cannot be cancelled (" + CHAIR + " cancelled it: Raised twice by mistake)");
        conflict(api.approve(SECOND_CHAIR, awaiting), "An alert that is cancelled cannot be approved");
    }

    @Test
    void cancellingASentAlertWithdrawsItAndItsWaitingUpdateAndTellsItsSchools() {
        long original = sending("Wrong area");
        String reference = view(original).get("reference").asText();
        long waiting = api.read(update(RAISER, original, Map.of("title", "Wrong area, corrected"))).get("id").asLong();

        HttpResponse<String> response = cancel(CHAIR, original, "Sent to the wrong area");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        long cancel = api.read(response).get("id").asLong();
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/v1/alerts/" + cancel));
        assertThat(api.read(response).get("reference").asText()).isEqualTo(reference + "-C");
        assertThat(api.read(response).get("status").asText()).isEqualTo("APPROVED");
        assertThat(outbox(cancel)).isEqualTo(1);
        JsonNode cancelView = view(cancel);
        assertThat(cancelView.get("msgType").asText()).isEqualTo("Cancel");
        assertThat(cancelView.get("content").get("summary").asText()).isEqualTo("Sent to the wrong area");
        JsonNode originalView = view(original);
        assertThat(originalView.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(originalView.get("decidedBy").asText()).as("its approval stays on record").isEqualTo(CHAIR);
        assertThat(originalView.get("cancelledBy").asLong()).isEqualTo(cancel);
        assertThat(view(waiting).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(audit(original)).contains("ALERT_CANCELLED " + CHAIR + " " + reference
                + ": Sent to the wrong area (" + reference + "-C tells the schools)");
        assertThat(audit(cancel)).contains("ALERT_RAISED " + CHAIR + " " + reference + "-C cancels " + reference
                + ": Sent to the wrong area");

        conflict(cancel(SECOND_CHAIR, original, "twice"),
                "An alert that is cancelled cannot be cancelled (" + CHAIR + " cancelled it: Sent to the wrong area)");
        conflict(cancel(SECOND_CHAIR, cancel, "a cancel"), reference + "-C is itself a cancellation: it cannot be cancelled");
        conflict(update(RAISER, original, Map.of("title", "After all")), "An alert that is cancelled cannot be updated");

        assertThat(ledger.plan(cancel)).as("the alert's schools with an email contact").isEqualTo(AlertFixtures.OPEN_SCHOOLS);
        assertThat(schoolsAndChannels(cancel)).as("the schools x channels of the alert")
                .containsExactlyInAnyOrderElementsOf(schoolsAndChannels(original));
        assertThat(jdbc.sql("select distinct status || ': ' || last_error from delivery where alert_id = :id and channel = 'EMAIL'")
                .param("id", original).query(String.class).list())
                .containsExactly("FAILED: Not sent: the alert was cancelled first (" + reference + "-C)");
    }

    @Test
    void theCapOfAnUpdateAndOfACancelIsValidAndReferencesTheMessagesBeforeIt() throws Exception {
        long original = sending("CAP follow-ups");
        Document originalCap = CapDocuments.valid(api, RAISER, original);
        long update = api.read(update(RAISER, original, Map.of("summary", "More is known now"))).get("id").asLong();
        assertThat(api.approve(CHAIR, update).statusCode()).isEqualTo(200);

        Document updateCap = CapDocuments.valid(api, RAISER, update);
        assertThat(text(updateCap, "msgType")).isEqualTo("Update");
        assertThat(text(updateCap, "identifier")).startsWith("urn:uuid:").isNotEqualTo(text(originalCap, "identifier"));
        assertThat(text(updateCap, "references")).as("sender,identifier,sent of the alert as its own CAP gives them")
                .isEqualTo(capReference(originalCap));
        assertThat(text(updateCap, "description")).isEqualTo("More is known now");

        long cancel = api.read(cancel(SECOND_CHAIR, original, "Withdrawn by the police")).get("id").asLong();
        Document cancelCap = CapDocuments.valid(api, RAISER, cancel);
        assertThat(text(cancelCap, "msgType")).isEqualTo("Cancel");
        assertThat(text(cancelCap, "references")).isEqualTo(capReference(originalCap) + " " + capReference(updateCap));
        assertThat(text(cancelCap, "description")).isEqualTo("Withdrawn by the police");
        assertThat(text(CapDocuments.valid(api, RAISER, original), "sent")).as("cancelling keeps the alert's sent time")
                .isEqualTo(text(originalCap, "sent"));
        assertThat(text(CapDocuments.valid(api, RAISER, update), "sent")).isEqualTo(text(updateCap, "sent"));
    }

    @Test
    void anApproverWhoChangedAnUpdateCannotDecideOnItAfterItsRaiserResavesIt() {
        long original = sending("Update authors");
        long update = api.read(update(RAISER, original, Map.of("title", "Update authors: the site moved")))
                .get("id").asLong();
        @SuppressWarnings("unchecked")
        Map<String, Object> content = new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(view(update).get("content"), Map.class);
        content.put("adviceForSchools", "Changed by the chair: brief staff today.");

        HttpResponse<String> changed = api.replace(CHAIR, update, content);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(api.replace(RAISER, update, content).statusCode()).as("re-saved unchanged").isEqualTo(200);

        HttpResponse<String> chair = api.approve(CHAIR, update);
        assertThat(chair.statusCode()).isEqualTo(403);
        assertThat(api.read(chair).get("detail").asText()).contains("You changed the content of");
        assertThat(api.approve(SECOND_CHAIR, update).statusCode()).isEqualTo(200);
    }

    private static String capReference(Document cap) {
        return text(cap, "sender") + "," + text(cap, "identifier") + "," + text(cap, "sent");
    }

    /** Raised, approved and planned, so SENDING with its deliveries in the ledger (the relay is held: none is sent). */
    private long sending(String title) {
        long id = api.raised(RAISER, AlertFixtures.alertJson(title));
        assertThat(api.approve(CHAIR, id).statusCode()).isEqualTo(200);
        ledger.plan(id);
        assertThat(view(id).get("status").asText()).isEqualTo("SENDING");
        return id;
    }

    private HttpResponse<String> update(String user, long id, Map<String, Object> changes) {
        return api.post(user, "/api/v1/alerts/" + id + "/update", "application/json",
                BodyPublishers.ofString(api.write(changes)));
    }

    private HttpResponse<String> cancel(String user, long id, String reason) {
        return api.post(user, "/api/v1/alerts/" + id + "/cancel", "application/json",
                BodyPublishers.ofString(api.write(Map.of("reason", reason))));
    }

    private JsonNode view(long id) {
        return api.read(api.get(RAISER, "/api/v1/alerts/" + id, "application/json"));
    }

    private void problem(HttpResponse<String> response, String field, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode problem = api.read(response);
        assertThat(problem.get("errors").findValuesAsText("field")).as(response.body()).contains(field);
        assertThat(problem.get("detail").asText()).contains(message);
    }

    private void conflict(HttpResponse<String> response, String why) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(api.read(response).get("detail").asText()).isEqualTo(why);
    }

    private int followUps(long id) {
        return jdbc.sql("select count(*) from alert where references_alert = :id").param("id", id)
                .query(Integer.class).single();
    }

    private int outbox(long id) {
        return jdbc.sql("select count(*) from alert_outbox where alert_id = :id").param("id", id)
                .query(Integer.class).single();
    }

    /** "URN/CHANNEL" of each delivery of the alert. */
    private List<String> schoolsAndChannels(long id) {
        return jdbc.sql("select urn || '/' || channel from delivery where alert_id = :id")
                .param("id", id).query(String.class).list();
    }

    /** "ACTION actor detail" of the alert's audit rows, oldest first. */
    private List<String> audit(long id) {
        return jdbc.sql("select action || ' ' || actor || ' ' || detail from audit_event where subject_type = 'ALERT'"
                + " and subject_id = :id order by id").param("id", Long.toString(id)).query(String.class).list();
    }
}
