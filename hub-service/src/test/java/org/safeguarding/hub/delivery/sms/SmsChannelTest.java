package org.safeguarding.hub.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.acknowledgement.Resolutions;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.demo.notify.NotifySchemas;
import org.safeguarding.hub.demo.notify.NotifySimulator;
import org.safeguarding.hub.support.SharedData;
import org.springframework.beans.factory.annotation.Autowired;
import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.TimedNotificationClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An SMS alert end to end through the real flow into the hub's own Notify simulator over real HTTP (Notify's official
 * client, JWT, Notify's JSON checked against Notify's own schemas), and its receipts back through the callback: one
 * text per mobile number, DELIVERED per school, the shared number's text leading to a page of each school's link.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.broker.redelivery-delay=100ms",
        "hub.outbox.poll-interval=200",
        "hub.sms.enabled=true",
        "hub.sms.simulator.enabled=true",
        "hub.sms.simulator.receipt-delay=100ms",
        "hub.sms.notify.base-url=http://127.0.0.1:${local.server.port}/demo/notify",
        "hub.sms.notify.api-key=" + SmsChannelTest.API_KEY,
        "hub.sms.notify.template-id=" + SmsChannelTest.TEMPLATE,
        "hub.sms.notify.callback-token=" + SmsChannelTest.CALLBACK_TOKEN,
        "hub.sms.simulator.api-key=${hub.sms.notify.api-key}",
        "hub.sms.simulator.template-id=${hub.sms.notify.template-id}",
        "hub.sms.simulator.callback-url=http://127.0.0.1:${local.server.port}/api/v1/sms/receipts",
        "hub.sms.simulator.callback-token=${hub.sms.notify.callback-token}"})
@ActiveProfiles("test")
class SmsChannelTest {

    static final String API_KEY = "hubtest-7c3e1a20-1b2c-4d5e-8f90-a1b2c3d4e5f6-0f1e2d3c-4b5a-4968-8776-655443322110";
    static final String TEMPLATE = "2b6a4d1c-7e8f-4a9b-b0c1-d2e3f4a5b6c7";
    static final String CALLBACK_TOKEN = "sms-test-callback-token";
    static final String SCHEMAS = "notify/notify-v2-notification-schemas.json";
    static final Pattern LINK = Pattern.compile("https://alerts\\.example\\.org\\.uk/ack/(schools/)?([A-Za-z0-9_-]{43})");

    @DynamicPropertySource
    static void schemas(DynamicPropertyRegistry registry) {
        registry.add("hub.sms.simulator.schemas", () -> SharedData.path(SCHEMAS).toString());
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NotifySimulator simulator;

    HubApi api;

    @BeforeEach
    void api() {
        api = new HubApi(context);
    }

    static Map<String, Object> smsAlert(String laCode, String title) {
        Map<String, Object> alert = HubApi.alert(laCode, title, "children are being coerced into exposure", false);
        alert.put("channels", List.of("SMS"));
        return alert;
    }

    @Test
    void everySchoolWithAMobileIsTextedOncePerNumberAndReachesDelivered() throws Exception {
        SmsSchools schools = SmsSchools.importInto(context, "811", 8_110_001, 2, "07700900300");
        JsonNode approved = api.raiseAndApprove(smsAlert("811", "Coercion on a random video-chat site – “Omegle” clones"));
        long alertId = approved.get("id").asLong();
        String reference = approved.get("reference").asText();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode sms = api.status(alertId).get("deliveries").get("SMS");
            assertThat(sms.get("delivered").asInt()).isEqualTo(schools.textedTo().size());
        });
        JsonNode status = api.status(alertId);
        assertThat(status.get("status").asText()).isEqualTo("SENT");
        JsonNode sms = status.get("deliveries").get("SMS");
        assertThat(sms.get("unreachable").asInt()).isEqualTo(1);
        assertThat(sms.get("failed").asInt()).isZero();
        assertThat(sms.get("queued").asInt()).isZero();

        List<NotifySimulator.Text> texts = simulator.texts().stream()
                .filter(t -> t.body().contains(reference)).toList();
        assertThat(texts).as("one text per number").hasSize((int) schools.numbers());
        assertThat(texts.stream().map(NotifySimulator.Text::phoneNumber).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(schools.textedTo().values().stream().distinct().toList());
        for (NotifySimulator.Text text : texts) {
            assertThat(Gsm7.isGsm7(text.body())).as("GSM-7 only: " + text.body()).isTrue();
            assertThat(Gsm7.septets(text.body())).isLessThanOrEqualTo(Gsm7.MAX_SEPTETS);
            assertThat(text.body()).contains("SEVERE", reference, "Coercion on a random video-chat site - \"Omegle\" clones")
                    .doesNotContain("EXERCISE");
            assertThat(text.reference()).as("the hub's own reference, no personal data").matches("sms-text-\\d+");
        }

        // the shared number: one text naming its three schools, leading to a page with each school's own link
        NotifySimulator.Text shared = texts.stream().filter(t -> t.phoneNumber().equals("07700900300")).findFirst()
                .orElseThrow();
        assertThat(shared.body()).contains("3 schools");
        Matcher link = LINK.matcher(shared.body());
        assertThat(link.find()).isTrue();
        assertThat(link.group(1)).isEqualTo("schools/");
        String page = get("/ack/schools/" + link.group(2));
        for (long urn : schools.sharing()) {
            assertThat(page).contains("Test School " + urn)
                    .contains("https://alerts.example.org.uk/ack/" + context.getBean(AcknowledgementLinks.class)
                            .token(alertId, urn));
        }
        assertThat(get("/ack/schools/" + "A".repeat(43))).contains("This link does not work");

        // a school of its own: its own acknowledgement link
        long ownSchool = schools.textedTo().keySet().iterator().next();
        NotifySimulator.Text own = texts.stream()
                .filter(t -> t.phoneNumber().equals(schools.textedTo().get(ownSchool))).findFirst().orElseThrow();
        assertThat(own.body()).contains("Test School " + ownSchool)
                .contains("https://alerts.example.org.uk/ack/"
                        + context.getBean(AcknowledgementLinks.class).token(alertId, ownSchool));

        // every school x SMS row points at the text that covered it, with Notify's id for it
        for (JsonNode row : api.recipients(alertId)) {
            long urn = row.get("urn").asLong();
            if (urn == schools.unreachable()) {
                assertThat(row.get("status").asText()).isEqualTo("UNREACHABLE");
                assertThat(row.get("lastError").asText()).contains("no safeguarding contact with a mobile number");
                continue;
            }
            assertThat(row.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(row.get("recipient").asText()).isEqualTo("+44" + schools.textedTo().get(urn).substring(1));
        }
        Map<Long, String> notificationOf = jdbc.sql("""
                select d.urn, t.notification_id from delivery d join sms_text t on t.id = d.sms_text_id
                where d.alert_id = :id""").param("id", alertId)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(notificationOf).hasSize(schools.textedTo().size());
        assertThat(schools.sharing().stream().map(notificationOf::get).distinct()).hasSize(1);
        assertThat(notificationOf.values()).allMatch(id -> texts.stream().anyMatch(t -> t.id().equals(id)));

        // Notify's answers, as the simulator gives them, are valid by Notify's own schemas (the simulator checks each
        // request and its own 201 answers against them, here, and answers 500 otherwise)
        NotifySchemas notifySchemas = new NotifySchemas(SharedData.path(SCHEMAS));
        assertThat(notifySchemas.problems("get_notification_response", simulator.notificationJson(shared).toString()))
                .isEmpty();
    }

    @Test
    void notifysTestNumbersFailWithTheirReasonAndAnExerciseSaysSo() {
        SmsSchools schools = SmsSchools.importInto(context, "812", 8_120_001, 0, "07700900002");
        Map<String, Object> alert = smsAlert("812", "Exercise: a test of the alert chain");
        alert.put("exercise", true);
        long alertId = api.raiseAndApprove(alert).get("id").asLong();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(alertId).get("deliveries").get("SMS").get("failed").asInt()).isEqualTo(3));
        for (long urn : schools.sharing()) {
            assertThat(row(alertId, urn).get("lastError").asText()).contains("permanent-failure");
        }
        String reference = api.status(alertId).get("reference").asText();
        assertThat(simulator.texts().stream().filter(t -> t.body().contains(reference)))
                .allSatisfy(t -> assertThat(t.body()).startsWith("EXERCISE"));
    }

    @Test
    void anUpdateAndACancelGoByTextToTheSameNumbersMarkedSo() {
        SmsSchools schools = SmsSchools.importInto(context, "813", 8_130_001, 0, "07700900330");
        long alertId = api.raiseAndApprove(smsAlert("813", "Coercion on a video-chat site")).get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.status(alertId).get("deliveries")
                .get("SMS").get("delivered").asInt()).isEqualTo(schools.textedTo().size()));

        JsonNode update = api.updateAndApprove(alertId, Map.of("summary", "What happened: a second site"));
        String updateReference = update.get("reference").asText();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.status(update.get("id").asLong())
                .get("deliveries").get("SMS").get("delivered").asInt()).isEqualTo(schools.textedTo().size()));
        assertThat(texts(updateReference)).hasSize((int) schools.numbers())
                .allSatisfy(t -> assertThat(t.body()).startsWith("UPDATE: SEVERE safeguarding alert " + updateReference));

        JsonNode cancel = api.cancel(alertId, "Raised in error");
        String cancelReference = cancel.get("reference").asText();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(texts(cancelReference))
                .hasSize((int) schools.numbers()));
        assertThat(texts(cancelReference)).allSatisfy(t -> assertThat(t.body())
                .startsWith("CANCELLED: SEVERE safeguarding alert " + cancelReference).contains("nothing to confirm"));
    }

    @Test
    void theAllClearGoesByTextMarkedResolvedWithNothingToConfirmAndNoLink() {
        SmsSchools schools = SmsSchools.importInto(context, "939", 9_390_001, 0, "07700900391");
        long alertId = api.raiseAndApprove(smsAlert("939", "Resolved by text")).get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.status(alertId).get("deliveries")
                .get("SMS").get("delivered").asInt()).isEqualTo(schools.textedTo().size()));

        String reference = new Resolutions(context, api).resolveAndApprove(alertId, "All clear: the site is down.")
                .get("reference").asText();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(texts(reference))
                .hasSize((int) schools.numbers()));
        assertThat(texts(reference)).allSatisfy(t -> assertThat(t.body())
                .startsWith("RESOLVED: SEVERE safeguarding alert " + reference + ": Resolved by text")
                .contains("All clear: no further action, nothing to confirm.").doesNotContain("/ack/"));
    }

    @Test
    void theSimulatorChecksNotifysJwtAndAnswersNotifysErrors() throws Exception {
        String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + "/demo/notify";
        Map<String, Object> body = Map.of("body", "Hello");
        // the right service, the wrong secret
        String wrongSecret = API_KEY.substring(0, API_KEY.length() - 36) + "00000000-0000-4000-8000-000000000000";
        assertThat(refusal(() -> new TimedNotificationClient(wrongSecret, base, Duration.ofSeconds(5),
                Duration.ofSeconds(5)).sendSms(TEMPLATE, "07700900123", body, "r")))
                .contains("403", "\"error\":\"AuthError\"");
        // an old token: iat more than 30 seconds ago
        String secret = API_KEY.substring(API_KEY.length() - 36);
        String serviceId = API_KEY.substring(API_KEY.length() - 73, API_KEY.length() - 37);
        HttpResponse<String> stale = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "/v2/notifications/sms"))
                .header("Authorization", "Bearer " + jwt(serviceId, secret, Instant.now().minusSeconds(60)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phone_number\":\"07700900123\",\"template_id\":\""
                        + TEMPLATE + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stale.statusCode()).isEqualTo(403);
        assertThat(stale.body()).contains("AuthError", "30 seconds");
        // a good key, a number that is not a UK mobile; a template it does not have
        TimedNotificationClient client = new TimedNotificationClient(API_KEY, base, Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        assertThat(refusal(() -> client.sendSms(TEMPLATE, "01632 960001", body, "r")))
                .contains("400", "ValidationError", "Not a UK mobile number");
        assertThat(refusal(() -> client.sendSms(TEMPLATE, "07700900123", Map.of("other", "x"), "r")))
                .contains("400", "BadRequestError", "Missing personalisation: body");
        assertThat(client.sendSms(TEMPLATE, "07700900123", body, "r").getNotificationId()).isNotNull();
    }

    private static String refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(NotificationClientException.class);
        return thrown.getMessage();
    }

    /** A Notify JWT by hand (HS256, iss, iat), as the client makes it but at another time. */
    private static String jwt(String serviceId, String secret, Instant issuedAt) throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String head = b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\"}".getBytes());
        String claims = b64.encodeToString(("{\"iss\":\"" + serviceId + "\",\"iat\":" + issuedAt.getEpochSecond()
                + "}").getBytes());
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(), "HmacSHA256"));
        return head + "." + claims + "." + b64.encodeToString(mac.doFinal((head + "." + claims).getBytes()));
    }

    private List<NotifySimulator.Text> texts(String reference) {
        return simulator.texts().stream().filter(t -> t.body().contains(reference + ":")).toList();
    }

    private JsonNode row(long alertId, long urn) {
        for (JsonNode row : api.recipients(alertId)) {
            if (row.get("urn").asLong() == urn) {
                return row;
            }
        }
        throw new AssertionError("no row for " + urn);
    }

    private String get(String path) throws Exception {
        String port = context.getEnvironment().getProperty("local.server.port");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
