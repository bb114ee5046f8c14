package org.safeguarding.hub.delivery.mis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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

    @BeforeEach
    void api() {
        api = new HubApi(context);
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
