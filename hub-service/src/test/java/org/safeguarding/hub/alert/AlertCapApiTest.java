package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.alert.CapDocuments.CAP_NS;
import static org.safeguarding.hub.alert.CapDocuments.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.support.SharedData;
import org.w3c.dom.Document;

/** CAP 1.2 on the alert API over real HTTP: raising from CAP (the shared samples and one of our own), and GET /cap. */
class AlertCapApiTest extends AlertApiTestBase {

    private static final String RAISER = "cap-api-raiser";
    private static final String OPS = "cap-api-ops";

    private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    @BeforeEach
    void accountsAndDirectory() throws Exception {
        account(RAISER, Role.RAISER);
        account(OPS, Role.OPS);
    }

    @Test
    void invalidCapIs400NamingTheMissingScopeAndCreatesNothing() throws Exception {
        int before = alerts();

        HttpResponse<String> response = api.raiseCap(RAISER, SharedData.bytes("cap/invalid.cap"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.read(response).get("detail").asText()).isEqualTo("CAP alert has no <scope>");
        assertThat(alerts()).isEqualTo(before);
    }

    @Test
    void xeeIs400AndCreatesNothing() throws Exception {
        int before = alerts();

        HttpResponse<String> response = api.raiseCap(RAISER, SharedData.bytes("cap/xee.cap"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.read(response).get("detail").asText()).startsWith("The CAP document has a DOCTYPE")
                .doesNotContain("root:");
        assertThat(alerts()).isEqualTo(before);
    }

    @Test
    void capThatReachesNoSchoolOrIsOutOfDateIs400() {
        OffsetDateTime now = now();
        String nowhere = cap("Nowhere", now, "Actual").replace("GIAS-LA", "SAME");
        HttpResponse<String> noArea = api.raiseCap(RAISER, utf8(nowhere));
        assertThat(noArea.statusCode()).isEqualTo(400);
        assertThat(api.read(noArea).get("detail").asText()).contains("GIAS-LA");

        String late = cap("Late", now, "Actual").replace(capTime(now.plusHours(4)), capTime(now.minusHours(1)));
        HttpResponse<String> past = api.raiseCap(RAISER, utf8(late));
        assertThat(past.statusCode()).as(past.body()).isEqualTo(400);
        assertThat(api.read(past).get("errors").findValuesAsText("field")).containsExactly("ackDeadline");

        HttpResponse<String> longTitle = api.raiseCap(RAISER, utf8(cap("x".repeat(121), now, "Actual")));
        assertThat(longTitle.statusCode()).isEqualTo(400);
        assertThat(api.read(longTitle).get("errors").findValuesAsText("field")).containsExactly("title");
    }

    @Test
    void onlyRaisersAndApproversRaiseFromCap() {
        assertThat(api.raiseCap(OPS, utf8(cap("By ops", now(), "Actual"))).statusCode()).isEqualTo(403);
        assertThat(api.raiseCap(null, utf8(cap("Anonymous", now(), "Actual"))).statusCode()).isEqualTo(401);
    }

    @Test
    void aValidCapAlertIsRaisedAsTheHubsAlert() {
        OffsetDateTime now = now();

        HttpResponse<String> response = api.raiseCap(RAISER, utf8(cap("Exercise: video-chat coercion", now, "Exercise")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = api.read(response);
        assertThat(created.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).endsWith("/api/v1/alerts/" + created.get("id").asLong()));
        JsonNode view = api.read(api.get(RAISER, "/api/v1/alerts/" + created.get("id").asLong(), "application/json"));
        JsonNode content = view.get("content");
        assertThat(content.get("title").asText()).isEqualTo("Exercise: video-chat coercion");
        assertThat(content.get("exercise").asBoolean()).isTrue();
        assertThat(content.get("category").asText()).isEqualTo("ONLINE_SAFETY");
        assertThat(OffsetDateTime.parse(content.get("ackDeadline").asText())).isEqualTo(now.plusHours(4));
        assertThat(view.get("recipients").asInt()).isEqualTo(AlertFixtures.OPEN_SCHOOLS);
    }

    @Test
    void capOfAnExerciseIsValidSaysExerciseAndNamesTheNumberOfSchools() throws Exception {
        Map<String, Object> json = AlertFixtures.alertJson("Exercise alert");
        json.put("exercise", true);
        long id = api.raised(RAISER, json);

        Document cap = CapDocuments.valid(api, OPS, id);

        assertThat(text(cap, "status")).isEqualTo("Exercise");
        assertThat(text(cap, "restriction")).isEqualTo("Designated safeguarding leads of " + AlertFixtures.OPEN_SCHOOLS
                + " schools in " + AlertFixtures.LA_NAME);
        assertThat(text(cap, "headline")).isEqualTo("Exercise alert");
        assertThat(cap.getElementsByTagNameNS(CAP_NS, "geocode").item(0).getTextContent()).contains("GIAS-LA")
                .contains(AlertFixtures.LA);
    }

    @Test
    void capOfARealAlertSaysActual() throws Exception {
        long id = api.raised(RAISER, AlertFixtures.alertJson("Actual alert"));

        assertThat(text(CapDocuments.valid(api, OPS, id), "status")).isEqualTo("Actual");
    }

    /** A CAP 1.2 alert for Alertshire (GIAS-LA 987): deadline in 4 hours, expiry in a week. */
    private static String cap(String headline, OffsetDateTime now, String status) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                  <identifier>ALERTSHIRE-POLICE-%s</identifier>
                  <sender>cyp@alertshire.police.example</sender>
                  <sent>%s</sent>
                  <status>%s</status>
                  <msgType>Alert</msgType>
                  <scope>Restricted</scope>
                  <restriction>Designated safeguarding leads</restriction>
                  <info>
                    <language>en-GB</language>
                    <category>Safety</category>
                    <event>Online safety</event>
                    <urgency>Immediate</urgency>
                    <severity>Severe</severity>
                    <certainty>Likely</certainty>
                    <expires>%s</expires>
                    <senderName>Alertshire Police</senderName>
                    <headline>%s</headline>
                    <description>Children are being coerced into exposure on a video-chat site.</description>
                    <instruction>Remind pupils how to report.</instruction>
                    <parameter><valueName>hubCategory</valueName><value>ONLINE_SAFETY</value></parameter>
                    <parameter><valueName>ackDeadline</valueName><value>%s</value></parameter>
                    <area>
                      <areaDesc>Alertshire</areaDesc>
                      <geocode><valueName>GIAS-LA</valueName><value>987</value></geocode>
                    </area>
                  </info>
                </alert>
                """.formatted(now.toEpochSecond(), capTime(now), status, capTime(now.plusDays(7)), headline,
                        capTime(now.plusHours(4)));
    }

    /** CAP's dateTime: seconds always, and an offset, never "Z". */
    private static String capTime(OffsetDateTime time) {
        return CAP_TIME.format(time);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    private static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private int alerts() {
        return jdbc.sql("select count(*) from alert").query(Integer.class).single();
    }
}
