package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.safeguarding.hub.routes.HubQueues;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The enrichment gets an approved alert again after it had queued the alert's deliveries, as the broker redelivers
 * it when the hub crashed before the enrichment's transaction committed. Artemis refuses a whole transaction that
 * holds a message it has seen: the batches already queued must not make the enrichment fail for ever (and park the
 * alert on its dead-letter queue), and every school must still get one email.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.broker.redelivery-delay=100ms",
        "hub.broker.max-delivery-attempts=4",
        "hub.outbox.poll-interval=200",
        "hub.fanout.deliveries-per-message=4"})
@ActiveProfiles("test")
class FanoutRedeliveryTest {

    static final GreenMail SMTP = SentMail.smtpServer(0);
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JmsTemplate jms;
    @Autowired
    EmbeddedActiveMQ broker;

    HubApi api;

    @BeforeEach
    void holdTheEmails() throws Exception {
        api = new HubApi(context);
        camel.getRouteController().stopRoute("email-delivery");
    }

    @AfterEach
    void sendTheEmails() throws Exception {
        camel.getRouteController().startRoute("email-delivery");
    }

    @Test
    void theSameBatchesQueuedAgainAreDroppedAndEverySchoolGetsOneEmail() throws Exception {
        TestSchools schools = TestSchools.importInto(context, "831", 8_310_001, 10);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("831", "Queued twice", "redelivered alert", false));
        long alertId = alert.get("id").asLong();
        long messages = awaitQueued(schools.emailedTo().size());

        redeliver(alertId);

        assertThat(queue(HubQueues.DELIVERIES_EMAIL).getMessageCount()).as("the broker dropped every repeat")
                .isEqualTo(messages);
        sendAndCheckEachSchoolOnce(alertId, alert.get("reference").asText(), schools.emailedTo());
    }

    @Test
    void batchesThatChangedSinceAreQueuedAndEverySchoolStillGetsOneEmail() throws Exception {
        TestSchools schools = TestSchools.importInto(context, "832", 8_320_001, 10);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("832", "Partly sent", "redelivered alert", false));
        long alertId = alert.get("id").asLong();
        long messages = awaitQueued(schools.emailedTo().size());
        // some emails went before the crash: the fan-out, resumed, reads fewer deliveries and batches them anew
        List<Long> sentBefore = jdbc.sql("""
                select urn from delivery where alert_id = :id and status = 'QUEUED' order by id limit 3""")
                .param("id", alertId).query(Long.class).list();
        jdbc.sql("update delivery set status = 'SENT', attempts = 1 where alert_id = :id and urn in (:urns)")
                .param("id", alertId).param("urns", sentBefore).update();

        redeliver(alertId);

        assertThat(queue(HubQueues.DELIVERIES_EMAIL).getMessageCount()).as("the new batches are queued")
                .isGreaterThan(messages);
        Map<Long, Set<String>> stillToSend = schools.emailedTo().entrySet().stream()
                .filter(school -> !sentBefore.contains(school.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        sendAndCheckEachSchoolOnce(alertId, alert.get("reference").asText(), stillToSend);
    }

    /** Waits for the fan-out to queue the alert's deliveries, and returns how many messages carry them. */
    private long awaitQueued(int deliveries) {
        long expected = (deliveries + 3) / 4;
        await().atMost(PATIENCE).until(() -> queue(HubQueues.DELIVERIES_EMAIL).getMessageCount() == expected);
        return expected;
    }

    /** The approved alert arrives at the enrichment again, and the enrichment commits it this time. */
    private void redeliver(long alertId) {
        Queue approved = queue(HubQueues.ALERTS_APPROVED);
        long consumed = approved.getMessagesAcknowledged();
        long parkedBefore = parkedAlerts();
        jms.convertAndSend(HubQueues.ALERTS_APPROVED, Long.toString(alertId));
        // a refused enrichment is rolled back and redelivered, and after the last attempt acknowledged onto the DLQ
        await().atMost(PATIENCE).until(() -> approved.getMessagesAcknowledged() > consumed);
        assertThat(parkedAlerts()).as("alerts parked as dead letters").isEqualTo(parkedBefore);
    }

    private void sendAndCheckEachSchoolOnce(long alertId, String reference, Map<Long, Set<String>> schools)
            throws Exception {
        camel.getRouteController().startRoute("email-delivery");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));
        Map<String, Email> emails = SentMail.of(SMTP, reference);
        assertThat(emails.values().stream().map(Email::to).collect(Collectors.toSet()))
                .isEqualTo(Set.copyOf(schools.values()));
        assertThat(emails).hasSize(schools.size());
        assertThat(emails.values()).allSatisfy(e -> assertThat(e.deliveredOncePerRecipient()).isTrue());
        await().atMost(PATIENCE).until(() -> queue(HubQueues.DELIVERIES_EMAIL).getMessageCount() == 0);
    }

    private long parkedAlerts() {
        Queue parked = queue(HubQueues.deadLetterQueueOf(HubQueues.ALERTS_APPROVED));
        return parked == null ? 0 : parked.getMessagesAdded();
    }

    private Queue queue(String name) {
        return broker.getActiveMQServer().locateQueue(name);
    }
}
