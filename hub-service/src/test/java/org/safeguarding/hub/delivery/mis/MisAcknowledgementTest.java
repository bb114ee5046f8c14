package org.safeguarding.hub.delivery.mis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.account.TestBrowser.csrfField;
import static org.safeguarding.hub.delivery.mis.MisReceiver.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.alert.AlertProgress;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.safeguarding.hub.delivery.TestSchools;

/**
 * A school's MIS confirming an alert through the signed callback: recorded once, as the school's one acknowledgement
 * (the link's form and the MIS, whichever comes first), audited as {@code mis:<urn>}; a forged or stale signature,
 * a replayed webhook-id, an unknown reference and a school that was not a recipient record nothing.
 */
class MisAcknowledgementTest extends MisTestBase {

    static long alertId;
    static String reference;

    @BeforeEach
    void sentAlert() {
        if (alertId == 0) {
            TestSchools.importInto(context, "871", 8_710_001, 5);
            // 8710006 (the LA's head-only school) is a recipient without an endpoint; 8720001 has one and is in no alert
            TestSchools.importInto(context, "872", 8_720_001, 1);
            List<Long> withEndpoints = List.of(8_710_001L, 8_710_002L, 8_710_003L, 8_710_004L, 8_710_005L);
            RECEIVER.register(context, withEndpoints);
            RECEIVER.register(context, List.of(8_720_001L));
            withEndpoints.forEach(urn -> RECEIVER.answers(urn, status(200)));
            JsonNode alert = api.raiseAndApprove(misAlert("871", "Acknowledged by MIS"));
            alertId = alert.get("id").asLong();
            reference = alert.get("reference").asText();
            awaitSent(alertId);
        }
    }

    int acknowledgements(long urn) {
        return jdbc.sql("select count(*) from acknowledgement where alert_id = :a and urn = :u").param("a", alertId)
                .param("u", urn).query(Integer.class).single();
    }

    @Test
    void aSignedAcknowledgementIsRecordedOnceByMisAndStopsTheChase() throws Exception {
        long urn = 8_710_001;
        HttpResponse<String> answer = signedBySchool(urn, ack(urn, reference));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = json.readTree(answer.body());
        assertThat(body.get("via").asText()).isEqualTo("MIS");
        assertThat(body.get("alreadyAcknowledged").asBoolean()).isFalse();
        assertThat(acknowledgements(urn)).isEqualTo(1);
        assertThat(row(alertId, urn).get("via").asText()).isEqualTo("MIS");
        assertThat(row(alertId, urn).get("acknowledgedBy").asText()).isEqualTo("Dana Lead");
        assertThat(jdbc.sql("""
                select actor from audit_event where action = 'ALERT_ACKNOWLEDGED' and subject_id = :a""")
                .param("a", String.valueOf(alertId)).query(String.class).list()).contains("mis:" + urn);
        assertThat(context.getBean(AlertProgress.class).silentSchools(alertId, 100))
                .extracting(AlertProgress.SilentSchool::urn).doesNotContain(urn).contains(8_710_002L);

        // the same school again, with a new webhook-id: idempotent, the first stands
        HttpResponse<String> again = signedBySchool(urn, ack(urn, reference));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json.readTree(again.body()).get("alreadyAcknowledged").asBoolean()).isTrue();
        assertThat(acknowledgements(urn)).isEqualTo(1);
    }

    @Test
    void aReplayedWebhookIdRecordsNothing() throws Exception {
        long urn = 8_710_005;
        long now = Instant.now().getEpochSecond();
        // first use of the id is refused for its unknown reference; the replay, with a good reference, records nothing
        assertThat(post(ack(urn, "WEX-1999-0001"), RECEIVER.secret(urn), "ack_replayed", now).statusCode())
                .isEqualTo(404);
        HttpResponse<String> replay = post(ack(urn, reference), RECEIVER.secret(urn), "ack_replayed", now);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json.readTree(replay.body()).get("replayed").asBoolean()).isTrue();
        assertThat(acknowledgements(urn)).isZero();
    }

    @Test
    void aForgedOrStaleSignatureOrAnUnknownSchoolIs401AndRecordsNothing() throws Exception {
        long urn = 8_710_003;
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> forged = post(ack(urn, reference), MisReceiver.newSecret(), "ack_forged", now);
        assertThat(forged.statusCode()).isEqualTo(401);
        HttpResponse<String> anotherSchoolsSecret = post(ack(urn, reference), RECEIVER.secret(8_710_004), "ack_other",
                now);
        assertThat(anotherSchoolsSecret.statusCode()).isEqualTo(401);
        HttpResponse<String> stale = post(ack(urn, reference), RECEIVER.secret(urn), "ack_stale", now - 6 * 60);
        assertThat(stale.statusCode()).isEqualTo(401);
        HttpResponse<String> noEndpoint = post(ack(8_710_006, reference), RECEIVER.secret(urn), "ack_noendpoint", now);
        assertThat(noEndpoint.statusCode()).isEqualTo(401);
        assertThat(noEndpoint.body()).as("nothing learnt: the same answer").isEqualTo(forged.body()
                .replace("ack_forged", "ack_noendpoint"));
        HttpResponse<String> unsigned = browser.send(HttpRequest.newBuilder(browser.uri(ACKNOWLEDGEMENTS))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(ack(urn, reference)))).build());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(acknowledgements(urn)).isZero();
        // a well-signed one still works afterwards
        assertThat(signedBySchool(urn, ack(urn, reference)).statusCode()).isEqualTo(200);
        assertThat(acknowledgements(urn)).isEqualTo(1);
    }

    @Test
    void anUnknownReferenceOrASchoolThatWasNotARecipientIs404() throws Exception {
        assertThat(signedBySchool(8_710_004, ack(8_710_004, "WEX-1999-0042")).statusCode()).isEqualTo(404);
        HttpResponse<String> notRecipient = signedBySchool(8_720_001, ack(8_720_001, reference));
        assertThat(notRecipient.statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from acknowledgement where urn = 8720001").query(Integer.class).single())
                .isZero();
    }

    @Test
    void aSchoolThatAcknowledgesByLinkAndByMisHasOneAcknowledgementTheFirst() throws Exception {
        long urn = 8_710_004;
        String token = context.getBean(AcknowledgementLinks.class).token(alertId, urn);
        String path = "/ack/" + token;
        assertThat(browser.postForm(path, Map.of("_csrf", csrfField(browser.get(path).body()), "name", "Link Person",
                "role", "Deputy DSL", "actions", "Briefed staff")).statusCode()).isEqualTo(302);
        HttpResponse<String> byMis = signedBySchool(urn, ack(urn, reference));
        assertThat(byMis.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(byMis.body());
        assertThat(body.get("alreadyAcknowledged").asBoolean()).isTrue();
        assertThat(body.get("via").asText()).isEqualTo("LINK");
        assertThat(body.get("acknowledgedBy").get("name").asText()).isEqualTo("Link Person");
        assertThat(acknowledgements(urn)).isEqualTo(1);
        assertThat(row(alertId, urn).get("via").asText()).isEqualTo("LINK");

        // and the other way round: the MIS first, then the link's page shows it is done, by the MIS
        long first = 8_710_002;
        if (acknowledgements(first) == 0) {
            assertThat(signedBySchool(first, ack(first, reference)).statusCode()).isEqualTo(200);
        }
        String page = browser.get("/ack/" + context.getBean(AcknowledgementLinks.class).token(alertId, first)).body();
        assertThat(page).contains("Dana Lead", "school’s MIS").doesNotContain("name=\"actions\"");

        // the alert's page tells the two ways apart
        String alertPage = browser.send(HttpRequest.newBuilder(browser.uri("/alerts/" + alertId))
                .header("Authorization", TestBrowser.basic("fanout-raiser", TestAccounts.password("fanout-raiser")))
                .GET().build()).body();
        int misCount = jdbc.sql("select count(*) from acknowledgement where alert_id = :a and via = 'MIS'")
                .param("a", alertId).query(Integer.class).single();
        assertThat(misCount).isPositive();
        assertThat(alertPage).contains("(1 by link, " + misCount + " by MIS)");
    }
}
