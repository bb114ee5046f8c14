package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;

/** DESIGN's alert API over real HTTP with Basic auth: raise, validation, roles, four eyes, outbox, state machine. */
// the outbox relay waits an hour: these tests look at approval itself, before the fan-out takes an alert on
class AlertApiTest extends AlertApiTestBase {

    static final String RAISER = "api-raiser";
    static final String CHAIR = "api-chair";
    static final String SECOND_CHAIR = "api-second-chair";
    static final String OPS = "api-ops";
    static final String ADMIN = "api-admin";

    @BeforeEach
    void accountsAndDirectory() throws Exception {
        account(RAISER, Role.RAISER);
        account(CHAIR, Role.APPROVER);
        account(SECOND_CHAIR, Role.APPROVER);
        account(OPS, Role.OPS);
        account(ADMIN, Role.ADMIN);
    }

    @Test
    void raisingAnswers201WithLocationReferenceAndAwaitingApproval() {
        HttpResponse<String> response = api.raise(RAISER, AlertFixtures.alertJson("Video-chat coercion"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = api.read(response);
        long id = created.get("id").asLong();
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/v1/alerts/" + id));
        assertThat(created.get("reference").asText()).matches("[A-Z]{2,8}-\\d{4}-\\d{4}");
        assertThat(created.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    }

    static Stream<Arguments> invalidAlerts() {
        return Stream.of(
                invalid("title missing", a -> a.remove("title"), "title", "Enter a title"),
                invalid("title too long", a -> a.put("title", "t".repeat(121)), "title", "120 characters or fewer"),
                invalid("summary too long", a -> a.put("summary", "s".repeat(3001)), "summary", "3,000 characters or fewer"),
                invalid("unknown severity", a -> a.put("severity", "CATASTROPHIC"), "severity",
                        "one of EXTREME, SEVERE, MODERATE or MINOR"),
                invalid("deadline in the past", a -> a.put("ackDeadline", "2020-01-01T09:00:00Z"), "ackDeadline",
                        "must be in the future"),
                invalid("expires before deadline", a -> a.put("expires",
                        OffsetDateTime.parse(a.get("ackDeadline").toString()).minusHours(1).toString()), "expires",
                        "after the acknowledgement deadline"),
                invalid("empty targeting", a -> a.put("target", Map.of()), "target", "Choose which schools"),
                invalid("targeting no open school", a -> a.put("target", Map.of("urns", List.of(AlertFixtures.CLOSED_URN))),
                        "target", "matches no open school"));
    }

    private static Arguments invalid(String name, Consumer<Map<String, Object>> spoil, String field, String message) {
        return Arguments.of(name, spoil, field, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAlerts")
    void anInvalidAlertIs400NamingTheField(String name, Consumer<Map<String, Object>> spoil, String field,
            String message) {
        String title = "Invalid " + UUID.randomUUID();
        Map<String, Object> alert = AlertFixtures.alertJson(title);
        spoil.accept(alert);

        HttpResponse<String> response = api.raise(RAISER, alert);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode errors = api.read(response).get("errors");
        assertThat(errors).as(response.body()).isNotNull();
        assertThat(errors.findValuesAsText("field")).as(response.body()).contains(field);
        assertThat(api.read(response).get("detail").asText()).contains(message);
        assertThat(jdbc.sql("select count(*) from alert where title = :t").param("t", title).query(Integer.class)
                .single()).as("nothing created").isZero();
    }

    @Test
    void onlyRaisersAndApproversRaiseAndOnlyApproversDecide() {
        Map<String, Object> alert = AlertFixtures.alertJson("Roles");
        assertThat(api.raise(OPS, alert).statusCode()).isEqualTo(403);
        assertThat(api.raise(ADMIN, alert).statusCode()).isEqualTo(403);
        HttpResponse<String> anonymous = api.raise(null, alert);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic "));

        long id = api.raised(RAISER, alert);
        assertThat(api.approve(RAISER, id).statusCode()).isEqualTo(403);
        assertThat(api.reject(RAISER, id, "no").statusCode()).isEqualTo(403);
        assertThat(api.approve(OPS, id).statusCode()).isEqualTo(403);
        assertThat(api.approve(null, id).statusCode()).isEqualTo(401);
        assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    }

    @Test
    void anApproverCannotApproveTheirOwnAlertButASecondApproverCan() {
        long id = api.raised(CHAIR, AlertFixtures.alertJson("Raised by a chair"));

        HttpResponse<String> own = api.approve(CHAIR, id);
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(api.read(own).get("detail").asText()).contains("You raised").contains("someone else must approve it");
        HttpResponse<String> ownReject = api.reject(CHAIR, id, "changed my mind");
        assertThat(ownReject.statusCode()).isEqualTo(403);
        assertThat(api.read(ownReject).get("detail").asText()).contains("someone else must reject it");
        assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
        assertThat(outbox(id)).isZero();

        HttpResponse<String> second = api.approve(SECOND_CHAIR, id);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(api.read(second).get("status").asText()).isEqualTo("APPROVED");
    }

    @Test
    void approvalWritesTheStatusAndExactlyOneUnpublishedOutboxRow() {
        long approved = api.raised(RAISER, AlertFixtures.alertJson("Approve me"));
        long rejected = api.raised(RAISER, AlertFixtures.alertJson("Reject me"));
        assertThat(outbox(approved)).isZero();

        assertThat(api.approve(CHAIR, approved).statusCode()).isEqualTo(200);
        assertThat(api.reject(CHAIR, rejected, "Not for schools").statusCode()).isEqualTo(200);

        assertThat(status(approved)).isEqualTo("APPROVED");
        List<Map<String, Object>> rows = jdbc.sql("select event, published_at from alert_outbox where alert_id = :id")
                .param("id", approved).query().listOfRows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("event")).isEqualTo(AlertService.APPROVED_EVENT);
        assertThat(rows.get(0).get("published_at")).isNull();
        assertThat(status(rejected)).isEqualTo("REJECTED");
        assertThat(outbox(rejected)).as("a rejection publishes nothing").isZero();
    }

    @Test
    void aRejectionNeedsAReasonAndTheStatusShowsIt() {
        long id = api.raised(RAISER, AlertFixtures.alertJson("Needs a reason"));
        for (HttpResponse<String> noReason : List.of(api.reject(CHAIR, id, null), api.reject(CHAIR, id, "   "),
                api.post(CHAIR, "/api/v1/alerts/" + id + "/reject", "application/json",
                        BodyPublishers.ofString("{}")))) {
            assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(400);
            assertThat(api.read(noReason).get("errors").findValuesAsText("field")).containsExactly("reason");
        }
        assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");

        HttpResponse<String> rejected = api.reject(CHAIR, id, "  The video-chat site has already closed  ");
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(api.read(rejected).get("status").asText()).isEqualTo("REJECTED");
        JsonNode view = api.read(api.get(RAISER, "/api/v1/alerts/" + id, "application/json"));
        assertThat(view.get("status").asText()).isEqualTo("REJECTED");
        assertThat(view.get("decisionReason").asText()).isEqualTo("The video-chat site has already closed");
        assertThat(view.get("decidedBy").asText()).isEqualTo(CHAIR);
    }

    @Test
    void everyIllegalTransitionIs409SayingWhy() {
        long approved = api.raised(RAISER, AlertFixtures.alertJson("Approved once"));
        assertThat(api.approve(CHAIR, approved).statusCode()).isEqualTo(200);
        conflict(api.approve(SECOND_CHAIR, approved), "An alert that is approved cannot be approved");
        conflict(api.reject(SECOND_CHAIR, approved, "too late"), "An alert that is approved cannot be rejected");
        assertThat(outbox(approved)).as("approving twice queues nothing twice").isEqualTo(1);

        long rejected = api.raised(RAISER, AlertFixtures.alertJson("Rejected once"));
        assertThat(api.reject(CHAIR, rejected, "Wrong schools").statusCode()).isEqualTo(200);
        conflict(api.approve(SECOND_CHAIR, rejected), "An alert that is rejected cannot be approved");
        conflict(api.reject(SECOND_CHAIR, rejected, "again"), "An alert that is rejected cannot be rejected");
        assertThat(outbox(rejected)).isZero();

        TestBrowser raiser = new TestBrowser(port).signIn(RAISER, TestAccounts.password(RAISER));
        String token = TestBrowser.csrfField(raiser.get("/").body());
        HttpResponse<String> submitApproved = raiser.postForm("/alerts/" + approved + "/submit", Map.of("_csrf", token));
        assertThat(submitApproved.statusCode()).isEqualTo(409);
        assertThat(submitApproved.body()).contains("An alert that is approved cannot be submitted for approval");
        assertThat(status(approved)).isEqualTo("APPROVED");
        assertThat(status(rejected)).isEqualTo("REJECTED");
    }

    @Test
    void anUnknownAlertIs404() {
        long unknown = 987_654_321L;
        assertThat(api.approve(CHAIR, unknown).statusCode()).isEqualTo(404);
        assertThat(api.reject(CHAIR, unknown, "no such alert").statusCode()).isEqualTo(404);
        assertThat(api.get(RAISER, "/api/v1/alerts/" + unknown, "application/json").statusCode()).isEqualTo(404);
        TestBrowser raiser = new TestBrowser(port).signIn(RAISER, TestAccounts.password(RAISER));
        String token = TestBrowser.csrfField(raiser.get("/").body());
        assertThat(raiser.postForm("/alerts/" + unknown + "/submit", Map.of("_csrf", token)).statusCode()).isEqualTo(404);
    }

    @Test
    void theStatusShowsRecipientsDeliveriesPerChannelAndAcknowledgements() {
        long id = api.raised(RAISER, AlertFixtures.alertJson("Status view"));

        HttpResponse<String> response = api.get(OPS, "/api/v1/alerts/" + id, "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode view = api.read(response);
        assertThat(view.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(view.get("recipients").asInt()).as("open schools in Alertshire").isEqualTo(AlertFixtures.OPEN_SCHOOLS);
        assertThat(view.get("acknowledged").asInt()).isZero();
        JsonNode deliveries = view.get("deliveries");
        assertThat(deliveries.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("EMAIL", "SMS");
        for (String channel : List.of("EMAIL", "SMS")) {
            for (String count : List.of("queued", "sent", "delivered", "failed")) {
                assertThat(deliveries.get(channel).get(count).asInt()).as(channel + " " + count).isZero();
            }
        }
    }

    private void conflict(HttpResponse<String> response, String why) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(api.read(response).get("detail").asText()).isEqualTo(why);
    }

    private String status(long id) {
        return jdbc.sql("select status from alert where id = :id").param("id", id).query(String.class).single();
    }

    private int outbox(long id) {
        return jdbc.sql("select count(*) from alert_outbox where alert_id = :id").param("id", id)
                .query(Integer.class).single();
    }
}
