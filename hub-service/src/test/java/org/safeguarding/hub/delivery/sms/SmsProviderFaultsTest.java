package org.safeguarding.hub.delivery.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.routes.HubQueues;
import org.safeguarding.hub.delivery.SentMail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Notify misbehaving, played by WireMock on a free port: a burst of 429 RateLimitError, the daily limit, 5xx then
 * success, a refused number, and its receipts early, late, twice, out of order, with a wrong token, and never.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.broker.redelivery-delay=100ms",
        "hub.broker.max-delivery-attempts=5",
        "hub.outbox.poll-interval=200",
        "hub.sms.enabled=true",
        "hub.sms.rate-limit-backoff=20ms",
        "hub.sms.rate-limit-retries=8",
        "hub.sms.receipt-timeout=1s",
        "hub.sms.receipt-check-interval=300",
        "hub.sms.notify.api-key=" + SmsChannelTest.API_KEY,
        "hub.sms.notify.template-id=" + SmsChannelTest.TEMPLATE,
        "hub.sms.notify.callback-token=" + SmsChannelTest.CALLBACK_TOKEN})
@ActiveProfiles("test")
class SmsProviderFaultsTest {

    static final WireMockServer NOTIFY = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    static final GreenMail SMTP = SentMail.smtpServer(0);
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        NOTIFY.start();
    }

    @DynamicPropertySource
    static void notifyAndSmtp(DynamicPropertyRegistry registry) {
        registry.add("hub.sms.notify.base-url", NOTIFY::baseUrl);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stop() {
        NOTIFY.stop();
        SMTP.stop();
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EmbeddedActiveMQ broker;

    HubApi api;

    @BeforeEach
    void reset() {
        api = new HubApi(context);
        NOTIFY.resetAll();
        jdbc.sql("delete from sms_hold").update();
    }

    /** Notify's 201 for a text, echoing its reference, with a fresh id (or {@code id}). */
    static MappingBuilder accepted(MappingBuilder request, String id) {
        return request.willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withTransformers("response-template")
                .withBody("""
                        {"id": "%s", "reference": "{{jsonPath request.body '$.reference'}}",
                         "content": {"body": "(the text)", "from_number": "GOVUK"},
                         "uri": "https://api.example/v2/notifications/1",
                         "template": {"id": "%s", "version": 1, "uri": "https://api.example/t"},
                         "scheduled_for": null}""".formatted(id == null ? "{{randomValue type='UUID'}}" : id,
                        SmsChannelTest.TEMPLATE)));
    }

    static MappingBuilder sms() {
        return post(urlEqualTo("/v2/notifications/sms"));
    }

    static MappingBuilder refused(MappingBuilder request, int status, String error, String message) {
        return request.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"status_code\": %d, \"errors\": [{\"error\": \"%s\", \"message\": \"%s\"}]}"
                        .formatted(status, error, message)));
    }

    @Test
    void aBurstOf429sIsWaitedOutEveryTextSentOnceNoneFailed() {
        SmsSchools schools = SmsSchools.importInto(context, "821", 8_210_001, 6, "07700900310");
        // the first five requests get 429 RateLimitError, then Notify takes everything
        String state = Scenario.STARTED;
        for (int i = 0; i < 5; i++) {
            String next = "busy-" + i;
            NOTIFY.stubFor(refused(sms().inScenario("burst").whenScenarioStateIs(state).willSetStateTo(next), 429,
                    "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"));
            state = next;
        }
        NOTIFY.stubFor(accepted(sms().inScenario("burst").whenScenarioStateIs(state), null));

        long alertId = api.raiseAndApprove(SmsChannelTest.smsAlert("821", "Rate limited")).get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(alertId).get("deliveries").get("SMS").get("sent").asInt())
                        .isEqualTo(schools.textedTo().size()));
        JsonNode sms = api.status(alertId).get("deliveries").get("SMS");
        assertThat(sms.get("failed").asInt()).isZero();
        assertThat(sms.get("queued").asInt()).isZero();
        List<String> acceptedReferences = NOTIFY.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 201)
                .map(e -> reference(e.getRequest())).toList();
        assertThat(acceptedReferences).as("each text accepted once").doesNotHaveDuplicates()
                .hasSize((int) schools.numbers());
        assertThat(NOTIFY.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 429)).hasSize(5);
        assertThat(jdbc.sql("select max(attempts) from sms_text where alert_id = :id").param("id", alertId)
                .query(Integer.class).single()).as("a 429 is no attempt").isEqualTo(1);
    }

    @Test
    void aServerErrorIsRetriedAndARefusedNumberFailsWithNotifysErrorNameAndMessage() {
        SmsSchools schools = SmsSchools.importInto(context, "822", 8_220_001, 0, "07700900320");
        String refusedNumber = "+447700220001"; // the first school's DSL
        NOTIFY.stubFor(refused(sms().withRequestBody(matchingJsonPath("$.phone_number", equalTo(refusedNumber)))
                .atPriority(1), 400, "ValidationError", "phone_number Not a UK mobile number"));
        NOTIFY.stubFor(refused(sms().inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("up").atPriority(2), 500, "Exception", "Internal server error"));
        NOTIFY.stubFor(accepted(sms().inScenario("flaky").whenScenarioStateIs("up").atPriority(2), null));

        long alertId = api.raiseAndApprove(SmsChannelTest.smsAlert("822", "Flaky")).get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));
        JsonNode sms = api.status(alertId).get("deliveries").get("SMS");
        assertThat(sms.get("failed").asInt()).isEqualTo(1);
        assertThat(sms.get("sent").asInt()).isEqualTo(schools.textedTo().size() - 1);
        long refusedSchool = schools.textedTo().keySet().iterator().next();
        JsonNode row = row(alertId, refusedSchool);
        assertThat(row.get("status").asText()).isEqualTo("FAILED");
        assertThat(row.get("lastError").asText()).isEqualTo("ValidationError: phone_number Not a UK mobile number");
        assertThat(NOTIFY.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 500)).hasSize(1);
        assertThat(jdbc.sql("select max(attempts) from sms_text where alert_id = :id").param("id", alertId)
                .query(Integer.class).single()).as("the batch the 500 hit went again").isEqualTo(2);
    }

    @Test
    void aNetworkFaultIsRetriedLikeAServerError() {
        SmsSchools schools = SmsSchools.importInto(context, "826", 8_260_001, 0, "07700900360");
        // twice: the JDK's HttpURLConnection itself sends a POST again once when the connection drops
        NOTIFY.stubFor(sms().inScenario("reset").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("again")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        NOTIFY.stubFor(sms().inScenario("reset").whenScenarioStateIs("again").willSetStateTo("up")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        NOTIFY.stubFor(accepted(sms().inScenario("reset").whenScenarioStateIs("up"), null));

        long alertId = api.raiseAndApprove(SmsChannelTest.smsAlert("826", "Network")).get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(alertId).get("deliveries").get("SMS").get("sent").asInt())
                        .isEqualTo(schools.textedTo().size()));
        assertThat(api.status(alertId).get("deliveries").get("SMS").get("failed").asInt()).isZero();
        assertThat(jdbc.sql("select max(attempts) from sms_text where alert_id = :id").param("id", alertId)
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void theDailyLimitHoldsSmsUntilMidnightUtcWhileEmailCarriesOn() throws Exception {
        SmsSchools.importInto(context, "823", 8_230_001, 0, "07700900330");
        NOTIFY.stubFor(refused(sms(), 429, "TooManyRequestsError", "Exceeded send limits (250000) for today"));

        Map<String, Object> alert = SmsChannelTest.smsAlert("823", "Daily limit");
        alert.put("channels", List.of("EMAIL", "SMS"));
        long alertId = api.raiseAndApprove(alert).get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(alertId).get("deliveries").get("EMAIL").get("sent").asInt()).isEqualTo(7));

        OffsetDateTime midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql("select until from sms_hold")
                .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant)).contains(midnight.toInstant()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from sms_text where alert_id = :id and claimed_by is null and status = 'QUEUED'"
                        + " and last_error like 'Held:%'").param("id", alertId).query(Integer.class).single())
                .isEqualTo(4));
        JsonNode sms = api.status(alertId).get("deliveries").get("SMS");
        assertThat(sms.get("queued").asInt()).as("held, not failed").isEqualTo(6);
        assertThat(sms.get("failed").asInt()).isZero();
        assertThat(NOTIFY.getAllServeEvents()).as("one try, then no more before midnight").hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(broker.getActiveMQServer()
                .locateQueue(HubQueues.DELIVERIES_SMS).getScheduledCount())
                .as("the batch is on the broker again, scheduled for midnight").isEqualTo(1));
        assertThat(context.getBean(SmsDeliveryService.class).heldUntil()).contains(midnight.toInstant());

        TestAccounts.ensure(context.getBean(AccountRepository.class), context.getBean(PasswordEncoder.class),
                "sms-ops", Role.OPS);
        String dashboard = new TestBrowser(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
                .signIn("sms-ops", TestAccounts.password("sms-ops")).get("/ops").body();
        assertThat(dashboard).contains("SMS is on hold: GOV.UK Notify&#39;s daily limit was reached",
                "No text is sent before " + midnight.toLocalDate() + " 00:00 UTC", "Email is not affected.");
    }

    @Test
    void receiptsEarlyLateTwiceOutOfOrderAndWithAWrongToken() throws Exception {
        SmsSchools schools = SmsSchools.importInto(context, "824", 8_240_001, 0, "07700900340");
        String slowId = "11111111-2222-4333-8444-555555555555";
        String slowNumber = "+447700240001";
        // Notify takes its time answering for one number: its receipt can come before the hub has recorded the send
        NOTIFY.stubFor(sms().withRequestBody(matchingJsonPath("$.phone_number", equalTo(slowNumber))).atPriority(1)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withFixedDelay(3000).withTransformers("response-template")
                        .withBody("""
                                {"id": "%s", "reference": "{{jsonPath request.body '$.reference'}}",
                                 "content": {"body": "b", "from_number": "GOVUK"}, "uri": "https://api.example/n",
                                 "template": {"id": "%s", "version": 1, "uri": "https://api.example/t"}}"""
                                .formatted(slowId, SmsChannelTest.TEMPLATE))));
        NOTIFY.stubFor(accepted(sms().atPriority(5), null));

        long alertId = api.raiseAndApprove(SmsChannelTest.smsAlert("824", "Receipts")).get("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> NOTIFY.findAll(postRequestedFor(urlEqualTo(
                "/v2/notifications/sms")).withRequestBody(matchingJsonPath("$.phone_number", equalTo(slowNumber))))
                .size() == 1);
        String slowReference = reference(NOTIFY.findAll(postRequestedFor(urlEqualTo("/v2/notifications/sms"))
                .withRequestBody(matchingJsonPath("$.phone_number", equalTo(slowNumber)))).get(0));
        assertThat(receipt(slowId, slowReference, "delivered", SmsChannelTest.CALLBACK_TOKEN))
                .as("early: Notify must try again, not lose it").isEqualTo(503);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(alertId).get("deliveries").get("SMS").get("sent").asInt()).isEqualTo(6));
        assertThat(receipt(slowId, slowReference, "delivered", "wrong-token")).isEqualTo(401);
        assertThat(receipt(slowId, slowReference, "delivered", null)).isEqualTo(401);
        long slowSchool = schools.textedTo().keySet().iterator().next();
        assertThat(row(alertId, slowSchool).get("status").asText()).isEqualTo("SENT");

        assertThat(receipt(slowId, slowReference, "delivered", SmsChannelTest.CALLBACK_TOKEN)).isEqualTo(200);
        assertThat(row(alertId, slowSchool).get("status").asText()).isEqualTo("DELIVERED");
        assertThat(receipt(slowId, slowReference, "delivered", SmsChannelTest.CALLBACK_TOKEN)).as("twice").isEqualTo(200);
        assertThat(receipt(slowId, slowReference, "temporary-failure", SmsChannelTest.CALLBACK_TOKEN))
                .as("out of order").isEqualTo(200);
        assertThat(row(alertId, slowSchool).get("status").asText()).as("a final status never moves back")
                .isEqualTo("DELIVERED");
        assertThat(api.status(alertId).get("deliveries").get("SMS").get("delivered").asInt()).isEqualTo(1);

        // the shared number's text: a technical failure is sent once more; the resend's failure is final
        List<Long> sharing = schools.sharing();
        Map<String, Object> sharedText = jdbc.sql("""
                select t.notification_id, t.id from sms_text t join delivery d on d.sms_text_id = t.id
                where d.urn = :urn and d.alert_id = :alert""").param("urn", sharing.get(0)).param("alert", alertId)
                .query().singleRow();
        String firstId = (String) sharedText.get("notification_id");
        String sharedReference = "sms-text-" + sharedText.get("id");
        assertThat(receipt(firstId, sharedReference, "technical-failure", SmsChannelTest.CALLBACK_TOKEN)).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(NOTIFY.findAll(postRequestedFor(
                urlEqualTo("/v2/notifications/sms")).withRequestBody(matchingJsonPath("$.reference",
                equalTo(sharedReference))))).hasSize(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(row(alertId, sharing.get(2))
                .get("status").asText()).isEqualTo("SENT"));
        String secondId = jdbc.sql("select notification_id from sms_text where id = :id")
                .param("id", sharedText.get("id")).query(String.class).single();
        assertThat(secondId).isNotEqualTo(firstId);
        assertThat(receipt(firstId, sharedReference, "delivered", SmsChannelTest.CALLBACK_TOKEN))
                .as("the replaced notification's receipt changes nothing").isEqualTo(200);
        assertThat(row(alertId, sharing.get(2)).get("status").asText()).isEqualTo("SENT");
        assertThat(receipt(secondId, sharedReference, "technical-failure", SmsChannelTest.CALLBACK_TOKEN)).isEqualTo(200);
        for (long urn : sharing) {
            assertThat(row(alertId, urn).get("status").asText()).isEqualTo("FAILED");
            assertThat(row(alertId, urn).get("lastError").asText()).contains("technical-failure");
        }
    }

    @Test
    void aReceiptThatNeverComesIsAskedForAtNotify() {
        SmsSchools schools = SmsSchools.importInto(context, "825", 8_250_001, 0, "07700900350");
        NOTIFY.stubFor(accepted(sms(), null));
        NOTIFY.stubFor(get(urlPathMatching("/v2/notifications/[0-9a-f-]+")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("""
                        {"id": "{{request.pathSegments.[2]}}", "reference": null, "email_address": null,
                         "phone_number": "07700900000", "line_1": null, "line_2": null, "line_3": null,
                         "line_4": null, "line_5": null, "line_6": null, "postcode": null, "type": "sms",
                         "status": "delivered", "template": {"id": "%s", "version": 1, "uri": "https://api.example/t"},
                         "body": "b", "subject": null, "created_at": "2026-11-29T10:00:00.000000Z",
                         "sent_at": "2026-11-29T10:00:01.000000Z", "completed_at": "2026-11-29T10:00:02.000000Z",
                         "created_by_name": null}""".formatted(SmsChannelTest.TEMPLATE))));

        long alertId = api.raiseAndApprove(SmsChannelTest.smsAlert("825", "No receipts")).get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(alertId).get("deliveries").get("SMS").get("delivered").asInt())
                        .isEqualTo(schools.textedTo().size()));
        List<String> asked = NOTIFY.findAll(getRequestedFor(urlPathMatching("/v2/notifications/.*"))).stream()
                .map(LoggedRequest::getUrl).toList();
        List<String> ids = jdbc.sql("select notification_id from sms_text where alert_id = :id").param("id", alertId)
                .query(String.class).list();
        assertThat(ids).hasSize((int) schools.numbers())
                .allSatisfy(id -> assertThat(asked).contains("/v2/notifications/" + id));
    }

    private int receipt(String id, String reference, String status, String token) throws Exception {
        String body = JSON.writeValueAsString(Map.of("id", id, "reference", reference, "to", "07700900000",
                "status", status, "created_at", "2026-11-29T10:00:00.000000Z",
                "completed_at", "2026-11-29T10:00:05.000000Z", "sent_at", "2026-11-29T10:00:01.000000Z",
                "notification_type", "sms"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + context.getEnvironment().getProperty("local.server.port") + "/api/v1/sms/receipts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String reference(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).get("reference").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode row(long alertId, long urn) {
        for (JsonNode row : api.recipients(alertId)) {
            if (row.get("urn").asLong() == urn && "SMS".equals(row.get("channel").asText())) {
                return row;
            }
        }
        throw new AssertionError("no SMS row for " + urn);
    }
}
