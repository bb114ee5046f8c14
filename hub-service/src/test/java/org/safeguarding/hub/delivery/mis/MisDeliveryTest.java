package org.safeguarding.hub.delivery.mis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.safeguarding.hub.delivery.mis.MisReceiver.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.time.OffsetDateTime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.acknowledgement.Acknowledgements;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.delivery.TestSchools;
import org.safeguarding.hub.routes.HubQueues;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The MIS channel against real HTTP receivers that check every signature with the Standard Webhooks library: one
 * logical delivery per school whatever the retries, 500-500-200, Retry-After, 410, a timeout, giving up, and a slow
 * school that holds up nobody.
 */
class MisDeliveryTest extends MisTestBase {

    static final String MIS_DLQ = "DLA::" + HubQueues.deadLetterQueueOf(HubQueues.DELIVERIES_MIS);

    @Autowired
    JmsTemplate jms;

    @Test
    void eachSchoolGetsOneSignedWebhookRetriesKeepItsIdAndGoneDisablesTheEndpoint() {
        TestSchools schools = TestSchools.importInto(context, "861", 8_610_001, 4);
        long fine = 8_610_001;
        long flaky = 8_610_002;
        long gone = 8_610_003;
        long refusing = 8_610_004;
        long withoutEndpoint = schools.headOnly();
        RECEIVER.register(context, List.of(fine, flaky, gone, refusing, schools.unreachable()));
        RECEIVER.answers(fine, status(200));
        RECEIVER.answersInTurn(flaky, status(500), status(500), status(200));
        RECEIVER.answers(gone, status(410));
        RECEIVER.answers(refusing, status(422).withBody("x".repeat(150) + " unknown school " + "y".repeat(150)));
        RECEIVER.answers(schools.unreachable(), status(204));

        JsonNode alert = api.raiseAndApprove(misAlert("861", "Video chat coercion"));
        long alertId = alert.get("id").asLong();
        String reference = alert.get("reference").asText();
        awaitSent(alertId);

        // exactly one logical delivery per school: every request of a school carries the same webhook-id
        assertThat(RECEIVER.receivedBy(fine)).hasSize(1);
        List<MisReceiver.Received> retried = RECEIVER.receivedBy(flaky);
        assertThat(retried).hasSize(3);
        assertThat(retried).extracting(MisReceiver.Received::webhookId).containsOnly(retried.get(0).webhookId());
        assertThat(retried).extracting(MisReceiver.Received::body).as("the same message each time")
                .containsOnly(retried.get(0).body());
        assertThat(RECEIVER.receivedBy(gone)).hasSize(1);
        assertThat(RECEIVER.receivedBy(refusing)).as("a 4xx is not retried").hasSize(1);
        assertThat(RECEIVER.receivedBy(withoutEndpoint)).isEmpty();
        assertThat(List.of(fine, flaky, gone, refusing)).extracting(urn -> RECEIVER.receivedBy(urn).get(0).webhookId())
                .doesNotHaveDuplicates();

        JsonNode payload = RECEIVER.receivedBy(fine).get(0).payload();
        assertThat(payload.get("type").asText()).isEqualTo("alert.issued");
        JsonNode data = payload.get("data");
        assertThat(data.get("reference").asText()).isEqualTo(reference);
        assertThat(data.get("msgType").asText()).isEqualTo("Alert");
        assertThat(data.get("severity").asText()).isEqualTo("SEVERE");
        assertThat(data.get("title").asText()).isEqualTo("Video chat coercion");
        assertThat(data.get("urn").asLong()).isEqualTo(fine);
        assertThat(data.get("schoolName").asText()).isNotBlank();
        assertThat(data.get("exercise").asBoolean()).isFalse();
        assertThat(data.get("acknowledgeUrl").asText()).startsWith("https://alerts.example.org.uk/ack/");
        MisWebhookSchema.assertValid(RECEIVER.receivedBy(fine).get(0).body());
        MisWebhookSchema.assertValid(retried.get(0).body());
        String body = RECEIVER.receivedBy(fine).get(0).body();
        assertThat(MisWebhookSchema.accepts(body.replace("\"alert.issued\"", "\"alert.sent\""))).isFalse();
        assertThat(MisWebhookSchema.accepts(body.replace("\"urn\":", "\"school\":"))).isFalse();

        assertThat(row(alertId, fine).get("status").asText()).isEqualTo("DELIVERED");
        JsonNode flakyRow = row(alertId, flaky);
        assertThat(flakyRow.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(flakyRow.get("attempts").asInt()).isEqualTo(3);
        assertThat(flakyRow.get("lastError").asText()).contains("HTTP 500");
        JsonNode goneRow = row(alertId, gone);
        assertThat(goneRow.get("status").asText()).isEqualTo("FAILED");
        assertThat(goneRow.get("lastError").asText()).contains("HTTP 410", "disabled");
        JsonNode refusedRow = row(alertId, refusing);
        assertThat(refusedRow.get("status").asText()).isEqualTo("FAILED");
        assertThat(refusedRow.get("lastError").asText()).contains("HTTP 422")
                .as("the first 200 characters of the body").contains("x".repeat(150) + " unknown school ")
                .doesNotContain("y".repeat(40));
        assertThat(row(alertId, withoutEndpoint).get("status").asText()).isEqualTo("UNREACHABLE");
        JsonNode counts = api.status(alertId).get("deliveries").get("MIS");
        assertThat(counts.get("delivered").asInt()).isEqualTo(3);
        assertThat(counts.get("failed").asInt()).isEqualTo(2);

        // the gone school's endpoint is disabled: the next alert does not try it, and the school page says so
        assertThat(jdbc.sql("select enabled from mis_endpoint where urn = :urn").param("urn", gone)
                .query(Boolean.class).single()).isFalse();
        JsonNode next = api.raiseAndApprove(misAlert("861", "Second alert"));
        awaitSent(next.get("id").asLong());
        assertThat(RECEIVER.receivedBy(gone)).hasSize(1);
        assertThat(row(next.get("id").asLong(), gone).get("status").asText()).isEqualTo("UNREACHABLE");
        assertThat(RECEIVER.receivedBy(fine)).hasSize(2);
        assertThat(RECEIVER.receivedBy(fine).get(1).webhookId()).isNotEqualTo(RECEIVER.receivedBy(fine).get(0).webhookId());

        TestAccounts.ensure(context.getBean(AccountRepository.class), context.getBean(PasswordEncoder.class),
                "mis-ops-watch", Role.OPS);
        TestBrowser ops = new TestBrowser(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        String auth = TestBrowser.basic("mis-ops-watch", TestAccounts.password("mis-ops-watch"));
        String schoolPage = ops.send(HttpRequest.newBuilder(ops.uri("/directory/schools/" + gone))
                .header("Authorization", auth).GET().build()).body();
        assertThat(schoolPage).contains("Disabled", "HTTP 410", reference + ": FAILED")
                .doesNotContain(RECEIVER.secret(gone));
        String dashboard = ops.send(HttpRequest.newBuilder(ops.uri("/ops")).header("Authorization", auth).GET().build())
                .body();
        assertThat(dashboard).contains("School MIS endpoints disabled", "URN " + gone);
    }

    @Test
    void anUpdateACancelAndARetryAfterGoTheSameWay() {
        TestSchools schools = TestSchools.importInto(context, "862", 8_620_001, 1);
        long urn = 8_620_001;
        RECEIVER.register(context, List.of(urn));
        RECEIVER.answersInTurn(urn, status(200), status(429).withHeader("Retry-After", "2"), status(200));
        JsonNode alert = api.raiseAndApprove(misAlert("862", "Chat site"));
        long alertId = alert.get("id").asLong();
        awaitSent(alertId);
        JsonNode update = api.updateAndApprove(alertId, Map.of("adviceForSchools", "Brief every class teacher"));
        awaitSent(update.get("id").asLong());
        List<MisReceiver.Received> received = RECEIVER.receivedBy(urn);
        assertThat(received).hasSize(3);
        assertThat(received.get(1).payload().get("type").asText()).isEqualTo("alert.updated");
        assertThat(received.get(1).payload().get("data").get("reference").asText()).endsWith("-U1");
        assertThat(received.get(2).webhookId()).isEqualTo(received.get(1).webhookId());
        assertThat(received.get(2).receivedAtMillis() - received.get(1).receivedAtMillis())
                .as("Retry-After: 2 honoured, though the backoff is 100 ms").isGreaterThanOrEqualTo(2000);
        MisWebhookSchema.assertValid(received.get(1).body());

        JsonNode cancel = api.cancel(alertId, "Sent in error");
        awaitSent(cancel.get("id").asLong());
        MisReceiver.Received cancelled = RECEIVER.receivedBy(urn).get(3);
        assertThat(cancelled.payload().get("type").asText()).isEqualTo("alert.cancelled");
        assertThat(cancelled.payload().get("data").get("reason").asText()).isEqualTo("Sent in error");
        assertThat(cancelled.payload().get("data").has("acknowledgeUrl")).isFalse();
        MisWebhookSchema.assertValid(cancelled.body());
        assertThat(schools.headOnly()).isNotEqualTo(urn);
    }

    @Test
    void aTimeoutIsRetriedAndAReceiverThatNeverRecoversIsParkedWithTheReason() {
        TestSchools.importInto(context, "863", 8_630_001, 2);
        long slowOnce = 8_630_001;
        long down = 8_630_002;
        RECEIVER.register(context, List.of(slowOnce, down));
        RECEIVER.answersInTurn(slowOnce, status(200).withFixedDelay(7000), status(200));
        RECEIVER.answers(down, status(503));
        long alertId = api.raiseAndApprove(misAlert("863", "Timeouts")).get("id").asLong();
        awaitSent(alertId);

        JsonNode timedOut = row(alertId, slowOnce);
        assertThat(timedOut.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(timedOut.get("attempts").asInt()).isEqualTo(2);
        assertThat(timedOut.get("lastError").asText()).contains("no answer in time");
        JsonNode gaveUp = row(alertId, down);
        assertThat(gaveUp.get("status").asText()).isEqualTo("FAILED");
        assertThat(gaveUp.get("attempts").asInt()).as("hub.broker.max-delivery-attempts").isEqualTo(4);
        assertThat(gaveUp.get("lastError").asText()).contains("HTTP 503");
        assertThat(RECEIVER.receivedBy(down)).hasSize(4)
                .extracting(MisReceiver.Received::webhookId).containsOnly(RECEIVER.receivedBy(down).get(0).webhookId());
        long deliveryId = jdbc.sql("select id from delivery where alert_id = :id and urn = :urn")
                .param("id", alertId).param("urn", down).query(Long.class).single();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deadLetters()).anySatisfy(message -> {
            assertThat(((TextMessage) message).getText()).isEqualTo(String.valueOf(deliveryId));
            assertThat(message.getStringProperty("deadLetterReason")).contains("gave up after 4 attempts", "HTTP 503");
        }));
    }

    @Test
    void aSlowSchoolHoldsUpNobody() throws Exception {
        TestSchools.importInto(context, "864", 8_640_001, 6);
        long slow = 8_640_001;
        List<Long> others = LongStream.rangeClosed(8_640_002, 8_640_006).boxed().toList();
        // the slow school's MIS answers only when the test lets it (within the hub's 5 s timeout)
        CountDownLatch release = new CountDownLatch(1);
        List<String> slowIds = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> releasedByTheTest = Collections.synchronizedList(new ArrayList<>());
        HttpServer slowMis = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowMis.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slowMis.createContext("/", exchange -> {
            slowIds.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.getRequestBody().readAllBytes();
            try {
                releasedByTheTest.add(release.await(4500, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slowMis.start();
        try {
            RECEIVER.register(context, others);
            others.forEach(urn -> RECEIVER.answers(urn, status(200)));
            String url = "http://127.0.0.1:" + slowMis.getAddress().getPort() + "/slow";
            context.getBean(org.safeguarding.hub.directory.MisEndpointImport.class).importCsv(
                    new java.io.ByteArrayInputStream(("URN,Url,Secret\n" + slow + "," + url + "," + MisReceiver.newSecret()
                            + "\n").getBytes(StandardCharsets.UTF_8)));
            long alertId = api.raiseAndApprove(misAlert("864", "Slow school")).get("id").asLong();

            // while the slow school's MIS is still thinking, every other school's delivery is already recorded
            await().atMost(PATIENCE).until(() -> !slowIds.isEmpty());
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(others).allSatisfy(urn ->
                    assertThat(row(alertId, urn).get("status").asText()).isEqualTo("DELIVERED")));
            release.countDown();
            awaitSent(alertId);
            assertThat(row(alertId, slow).get("status").asText()).isEqualTo("DELIVERED");
            assertThat(releasedByTheTest).as("the slow school answered only once the others were recorded")
                    .containsExactly(true);
        } finally {
            release.countDown();
            slowMis.stop(0);
        }
    }

    @Test
    void aSilentSchoolsMisGetsTheFirstReminderAndOneThatAcknowledgedDoesNot() {
        TestSchools.importInto(context, "865", 8_650_001, 2);
        long silent = 8_650_001;
        long acknowledges = 8_650_002;
        RECEIVER.register(context, List.of(silent, acknowledges));
        RECEIVER.answers(silent, status(200));
        RECEIVER.answers(acknowledges, status(200));
        Map<String, Object> alert = misAlert("865", "Reminder");
        // EXTREME: its reminders are not held by quiet hours, whenever the test runs
        alert.put("severity", "EXTREME");
        alert.put("ackDeadline", OffsetDateTime.now().plusSeconds(4).toString());
        JsonNode approved = api.raiseAndApprove(alert);
        long alertId = approved.get("id").asLong();
        awaitSent(alertId);
        context.getBean(Acknowledgements.class).record(alertId, acknowledges, "school", "Dana Lead", "DSL", "Briefed",
                null, Acknowledgements.Via.MIS, "mis:" + acknowledges);

        await().atMost(PATIENCE).until(() -> RECEIVER.receivedBy(silent).size() == 2);
        MisReceiver.Received reminder = RECEIVER.receivedBy(silent).get(1);
        assertThat(reminder.payload().get("type").asText()).isEqualTo("alert.reminder");
        assertThat(reminder.payload().get("data").get("reference").asText())
                .isEqualTo(approved.get("reference").asText());
        assertThat(reminder.webhookId()).isNotEqualTo(RECEIVER.receivedBy(silent).get(0).webhookId());
        MisWebhookSchema.assertValid(reminder.body());
        await().atMost(PATIENCE).until(() -> jdbc.sql("select count(*) from delivery where alert_id = :a"
                + " and channel = 'MIS' and purpose = 'FIRST_REMINDER' and status = 'DELIVERED'")
                .param("a", alertId).query(Integer.class).single() == 1);
        assertThat(jdbc.sql("select count(*) from delivery where alert_id = :a and urn = :u and channel = 'MIS'")
                .param("a", alertId).param("u", acknowledges).query(Integer.class).single())
                .as("no MIS reminder for the school that acknowledged").isEqualTo(1);
        assertThat(RECEIVER.receivedBy(acknowledges)).hasSize(1);
    }

    private List<Message> deadLetters() {
        return jms.browse(MIS_DLQ, (session, browser) -> Collections.list(browser.getEnumeration()).stream()
                .map(Message.class::cast).toList());
    }
}
