package org.safeguarding.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.support.FreePort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded default shows MIS end to end: the demo registers endpoints at its simulated school MIS for a third of
 * its schools, an alert with the MIS channel reaches them signed (the simulated MIS verifies every signature), the
 * badly behaved ones show retries and a disabled endpoint, and some acknowledge back through the signed callback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.demo.enabled=true",
        "hub.broker.redelivery-delay=100ms",
        "hub.outbox.poll-interval=200"})
@ActiveProfiles("test")
class DemoMisTest {

    static final int PORT = FreePort.any();

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("hub.public-base-url", () -> "http://127.0.0.1:" + PORT);
        registry.add("hub.demo.smtp-port", FreePort::any);
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anAlertReachesTheDemoSchoolsMisSignedAndSomeAcknowledgeBack() {
        int endpoints = jdbc.sql("select count(*) from mis_endpoint").query(Integer.class).single();
        assertThat(endpoints).as("a third of the open demo schools").isBetween(90, 115);
        HubApi api = new HubApi(context);
        Map<String, Object> alert = HubApi.alert("991", "Demo MIS", "the demo", true);
        alert.put("target", Map.of("localAuthorities", List.of("991", "992", "993")));
        alert.put("channels", List.of("MIS"));
        JsonNode approved = api.raiseAndApprove(alert);
        long alertId = approved.get("id").asLong();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));

        JsonNode mis = api.status(alertId).get("deliveries").get("MIS");
        assertThat(mis.get("delivered").asInt()).isEqualTo(endpoints - 1);
        assertThat(mis.get("failed").asInt()).as("the school whose MIS answers 410").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from mis_endpoint where not enabled").query(Integer.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select max(attempts) from delivery where alert_id = :a and channel = 'MIS'")
                .param("a", alertId).query(Integer.class).single()).as("the flaky schools: 500, 500, 200").isEqualTo(3);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from acknowledgement where alert_id = :a and via = 'MIS'").param("a", alertId)
                .query(Integer.class).single()).isGreaterThan(20));

        DemoMis demo = context.getBean(DemoMis.class);
        assertThat(demo.received()).isNotEmpty()
                .allSatisfy(received -> assertThat(received.signatureValid()).isTrue());
        assertThat(demo.received()).anySatisfy(r -> assertThat(r.answered()).isEqualTo(410))
                .anySatisfy(r -> assertThat(r.answered()).isEqualTo(500))
                .anySatisfy(r -> assertThat(r.type()).isEqualTo("acknowledgement sent"));

        TestBrowser browser = new TestBrowser(PORT).signIn("ops", "demo-ops");
        String page = browser.get("/demo/mis").body();
        assertThat(page).contains("Demo school MIS", approved.get("reference").asText(), "alert.issued", "valid");
        assertThat(browser.send(HttpRequest.newBuilder(browser.uri("/demo/mis/100001"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode())
                .as("an unsigned webhook").isEqualTo(401);
    }
}
