package org.safeguarding.hub.delivery.mis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.safeguarding.hub.account.TestBrowser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.safeguarding.hub.delivery.HubApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * What the MIS tests share, and so one Spring context: the hub on 127.0.0.1 with quick retries and a 5 s webhook
 * timeout, the real flow, and schools' MIS endpoints on a real HTTP server ({@link MisReceiver}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.broker.redelivery-delay=100ms",
        "hub.broker.max-delivery-attempts=4",
        "hub.mis.timeout=5s",
        "hub.outbox.poll-interval=200"})
@ActiveProfiles("test")
abstract class MisTestBase {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Lives as long as the test JVM, as the cached Spring context its endpoints are registered in does. */
    static final MisReceiver RECEIVER = new MisReceiver();

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    HubApi api;
    TestBrowser browser;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void api() {
        api = new HubApi(context);
        browser = new TestBrowser(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    static final String ACKNOWLEDGEMENTS = "/api/v1/mis/acknowledgements";

    /** DESIGN's MIS acknowledgement JSON. */
    static Map<String, Object> ack(long urn, String reference) {
        return Map.of("urn", urn, "reference", reference,
                "acknowledgedBy", Map.of("name", "Dana Lead", "role", "Designated safeguarding lead"),
                "actions", "Staff briefed; letter to parents sent through the MIS", "acknowledgedAt",
                Instant.now().toString());
    }

    /** POSTs an MIS acknowledgement signed per Standard Webhooks with {@code secret}. */
    HttpResponse<String> post(Object body, String secret, String webhookId, long timestamp) throws Exception {
        String text = json.writeValueAsString(body);
        return browser.send(HttpRequest.newBuilder(browser.uri(ACKNOWLEDGEMENTS))
                .header("Content-Type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", new Webhook(secret).sign(webhookId, timestamp, text))
                .POST(HttpRequest.BodyPublishers.ofString(text)).build());
    }

    /** An acknowledgement as the school's MIS sends it: its own secret, a fresh webhook-id, signed now. */
    HttpResponse<String> signedBySchool(long urn, Object body) throws Exception {
        return post(body, RECEIVER.secret(urn), "ack_" + UUID.randomUUID(), Instant.now().getEpochSecond());
    }

    /** DESIGN's alert JSON for the schools of one local authority, on the MIS channel only. */
    static Map<String, Object> misAlert(String laCode, String title) {
        Map<String, Object> alert = HubApi.alert(laCode, title, "pupils shared " + title, false);
        alert.put("channels", List.of("MIS"));
        return alert;
    }

    void awaitSent(long alertId) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));
    }

    /** The school's MIS row in the alert's /recipients. */
    JsonNode row(long alertId, long urn) {
        for (JsonNode row : api.recipients(alertId)) {
            if (row.get("urn").asLong() == urn && "MIS".equals(row.get("channel").asText())) {
                return row;
            }
        }
        throw new AssertionError("no MIS row for URN " + urn + " in " + api.recipients(alertId));
    }
}
