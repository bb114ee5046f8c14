package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.safeguarding.hub.account.TestBrowser.basic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * DESIGN's "Dead letters": a school's email that gave up (its mail server refused it on every attempt) is parked on
 * DLQ.hub.deliveries.email; ops read why and what it holds, and once the cause is mended re-drive it: the school gets
 * its email once, its attempts are kept, the alert is SENT again. Or ops discard it with a reason. Both audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.broker.redelivery-delay=100ms",
        "hub.broker.max-delivery-attempts=3",
        "hub.outbox.poll-interval=200"})
@ActiveProfiles("test")
class DeadLetterRedriveTest {

    static final int GREENMAIL_PORT = SentMail.freePort();
    static final GreenMail SMTP = SentMail.smtpServer(GREENMAIL_PORT);
    static final SmtpRelay RELAY = new SmtpRelay(GREENMAIL_PORT);
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String EMAIL_DLQ = "DLQ.hub.deliveries.email";
    static final String OPS = "dead-letter-ops";

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", RELAY::port);
    }

    @AfterAll
    static void stopSmtp() throws Exception {
        RELAY.close();
        SMTP.stop();
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Value("${local.server.port}")
    int port;

    HubApi api;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void accounts() {
        api = new HubApi(context);
        TestAccounts.ensure(context.getBean(AccountRepository.class), context.getBean(PasswordEncoder.class), OPS,
                Role.OPS);
    }

    @Test
    void aParkedEmailIsReDrivenOnceTheCauseIsMendedAndSentOnce() throws Exception {
        TestSchools.importInto(context, "816", 8_160_001, 3);
        long urn = 8_160_002;
        // the school's mail server is full for exactly the hub's three attempts, then mended
        RELAY.refuse(TestSchools.address("dsl", urn), "452 4.2.2 Mailbox full", 3);
        RELAY.refuse(TestSchools.address("deputy", urn), "452 4.2.2 Mailbox full", 3);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("816", "Parked then re-driven", "once", false));
        long alertId = alert.get("id").asLong();
        long deliveryId = deliveryOf(alertId, urn);
        awaitStatus(alertId, "SENT");
        JsonNode parked = await().atMost(PATIENCE).until(() -> parkedHolding(deliveryId), p -> p != null);

        assertThat(parked.get("reason").asText()).contains("gave up after 3 attempts", "452");
        JsonNode held = parked.get("deliveries").get(0);
        assertThat(held.get("reference").asText()).isEqualTo(alert.get("reference").asText());
        assertThat(held.get("status").asText()).isEqualTo("FAILED");
        assertThat(held.get("attempts").asInt()).isEqualTo(3);

        HttpResponse<String> redriven = post(OPS, "/api/v1/ops/dead-letters/" + EMAIL_DLQ + "/redrive",
                Map.of("ids", new String[] {parked.get("id").asText()}));
        assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(200);
        assertThat(json.readTree(redriven.body()).get("deliveries").asInt()).isEqualTo(1);

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.recipient(alertId, urn).get("status").asText()).isEqualTo("SENT"));
        awaitStatus(alertId, "SENT");
        assertThat(api.recipient(alertId, urn).get("attempts").asInt()).as("attempts kept, plus the one that worked")
                .isEqualTo(4);
        assertThat(SentMail.of(SMTP, alert.get("reference").asText()).values())
                .filteredOn(email -> email.to().contains(TestSchools.address("dsl", urn)))
                .singleElement().satisfies(email -> assertThat(email.deliveredOncePerRecipient()).isTrue());
        assertThat(parkedHolding(deliveryId)).as("no longer parked").isNull();
        assertThat(audited(alertId, "DEAD_LETTERS_REDRIVEN")).contains(EMAIL_DLQ, "1 of 1 deliveries queued again");
    }

    @Test
    void aParkedEmailIsDiscardedOnlyWithAReasonAndOnlyByOps() throws Exception {
        TestSchools.importInto(context, "817", 8_170_001, 2);
        long urn = 8_170_001;
        RELAY.refuse(TestSchools.address("dsl", urn), "452 4.2.2 Mailbox full", Integer.MAX_VALUE);
        RELAY.refuse(TestSchools.address("deputy", urn), "452 4.2.2 Mailbox full", Integer.MAX_VALUE);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("817", "Parked then discarded", "never", false));
        long alertId = alert.get("id").asLong();
        long deliveryId = deliveryOf(alertId, urn);
        JsonNode parked = await().atMost(PATIENCE).until(() -> parkedHolding(deliveryId), p -> p != null);
        String discard = "/api/v1/ops/dead-letters/hub.deliveries.email/discard";
        Map<String, Object> chosen = Map.of("ids", new String[] {parked.get("id").asText()});

        assertThat(post(OPS, discard, chosen).statusCode()).as("no reason").isEqualTo(400);
        assertThat(post(HubApi.RAISER, discard, Map.of("ids", chosen.get("ids"), "reason", "x")).statusCode())
                .as("not ops").isEqualTo(403);
        assertThat(post(OPS, "/api/v1/ops/dead-letters/hub.nothing/discard",
                Map.of("ids", chosen.get("ids"), "reason", "x")).statusCode()).as("no such queue").isEqualTo(404);
        assertThat(parkedHolding(deliveryId)).as("still parked").isNotNull();
        String page = new TestBrowser(port).signIn(OPS, TestAccounts.password(OPS)).get("/ops/dead-letters").body();
        assertThat(page).contains(EMAIL_DLQ, "Mailbox full", alert.get("reference").asText() + ", URN " + urn,
                "Re-drive chosen", "Discard chosen");

        HttpResponse<String> discarded = post(OPS, discard, Map.of("ids", chosen.get("ids"),
                "reason", "The school closed its mailbox; the LA phoned the DSL"));
        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        assertThat(json.readTree(discarded.body()).get("messages").asInt()).isEqualTo(1);
        assertThat(parkedHolding(deliveryId)).isNull();
        assertThat(api.recipient(alertId, urn).get("status").asText()).isEqualTo("FAILED");
        awaitStatus(alertId, "SENT");
        assertThat(audited(alertId, "DEAD_LETTERS_DISCARDED")).contains("the LA phoned the DSL");
    }

    /** The school's email delivery, once the fan-out has planned it. */
    private long deliveryOf(long alertId, long urn) {
        return await().atMost(PATIENCE).until(() -> jdbc.sql(
                        "select id from delivery where alert_id = :id and urn = :urn and channel = 'EMAIL'")
                .param("id", alertId).param("urn", urn).query(Long.class).optional(), Optional::isPresent).get();
    }

    /** The parked message on the email DLQ that holds the delivery, as GET /api/v1/ops/dead-letters shows it. */
    private JsonNode parkedHolding(long deliveryId) throws Exception {
        HttpResponse<String> response = new TestBrowser(port).send(HttpRequest.newBuilder(
                        new TestBrowser(port).uri("/api/v1/ops/dead-letters"))
                .header("Accept", "application/json").header("Authorization", basic(OPS, TestAccounts.password(OPS)))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode queue : json.readTree(response.body())) {
            if (!queue.get("queue").asText().equals(EMAIL_DLQ)) {
                continue;
            }
            for (JsonNode message : queue.get("messages")) {
                for (JsonNode delivery : message.get("deliveries")) {
                    if (delivery.get("id").asLong() == deliveryId) {
                        return message;
                    }
                }
            }
        }
        return null;
    }

    private HttpResponse<String> post(String user, String path, Object body) throws Exception {
        TestBrowser http = new TestBrowser(port);
        return http.send(HttpRequest.newBuilder(http.uri(path))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .header("Authorization", basic(user, TestAccounts.password(user)))
                .POST(BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }

    private String audited(long alertId, String action) {
        return String.join("\n", jdbc.sql("""
                select detail from audit_event where subject_type = 'ALERT' and subject_id = :id and action = :action""")
                .param("id", String.valueOf(alertId)).param("action", action).query(String.class).list());
    }

    private void awaitStatus(long alertId, String status) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo(status));
    }
}
