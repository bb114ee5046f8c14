package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
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
 * The email channel when things go wrong, with a real SMTP server (GreenMail) behind {@link SmtpRelay}, which
 * refuses chosen recipients the way a real server does: the server down, a temporary and a permanent refusal, a
 * message that is not a delivery, and a delivery that arrives again after it was sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.broker.redelivery-delay=100ms",
        "hub.broker.max-delivery-attempts=4",
        "hub.outbox.poll-interval=200"})
@ActiveProfiles("test")
class EmailFaultsTest {

    static final int GREENMAIL_PORT = SentMail.freePort();
    static final GreenMail SMTP = SentMail.smtpServer(GREENMAIL_PORT);
    static final SmtpRelay RELAY = new SmtpRelay(GREENMAIL_PORT);
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String EMAIL_DLQ = "DLA::" + HubQueues.deadLetterQueueOf(HubQueues.DELIVERIES_EMAIL);

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
    @Autowired
    JmsTemplate jms;
    @Autowired
    EmbeddedActiveMQ broker;

    HubApi api;

    @BeforeEach
    void api() {
        api = new HubApi(context);
    }

    @Test
    void mailServerDownAtFirstThenUpEveryEmailGoesOnce() {
        TestSchools schools = TestSchools.importInto(context, "811", 8_110_001, 6);
        SMTP.stop();
        try {
            JsonNode alert = api.raiseAndApprove(HubApi.alert("811", "Server down", "retry", false));
            long alertId = alert.get("id").asLong();
            // the first attempts have failed and are waiting for the broker's redelivery
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.sql(
                    "select count(*) from delivery where alert_id = :id and status = 'RETRYING'")
                    .param("id", alertId).query(Integer.class).single() > 0);
            SMTP.start();

            awaitSent(alertId);
            Map<String, Email> emails = SentMail.of(SMTP, alert.get("reference").asText());
            assertThat(emails).hasSize(schools.emailedTo().size());
            assertThat(emails.values()).allSatisfy(e -> assertThat(e.deliveredOncePerRecipient()).isTrue());
            assertThat(emails.values().stream().map(Email::to).collect(Collectors.toSet()))
                    .isEqualTo(Set.copyOf(schools.emailedTo().values()));
            JsonNode counts = api.status(alertId).get("deliveries").get("EMAIL");
            assertThat(counts.get("sent").asInt()).isEqualTo(schools.emailedTo().size());
            assertThat(counts.get("failed").asInt()).isZero();
            assertThat(api.recipients(alertId)).anySatisfy(row -> assertThat(row.get("attempts").asInt()).isGreaterThan(1));
        } finally {
            if (!SMTP.isRunning()) {
                SMTP.start();
            }
        }
    }

    @Test
    void aTemporaryRefusalIsRetriedAndTheSchoolGetsOneEmail() {
        TestSchools schools = TestSchools.importInto(context, "812", 8_120_001, 2);
        long urn = 8_120_001;
        // greylisting refuses every recipient of the message, here the school's DSL and deputy, once
        RELAY.refuse(TestSchools.address("dsl", urn), "451 4.3.0 Mailbox temporarily unavailable", 1);
        RELAY.refuse(TestSchools.address("deputy", urn), "451 4.3.0 Mailbox temporarily unavailable", 1);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("812", "Temporary refusal", "retry once", false));
        long alertId = alert.get("id").asLong();

        awaitSent(alertId);
        Map<String, Email> emails = SentMail.of(SMTP, alert.get("reference").asText());
        assertThat(emails).hasSize(schools.emailedTo().size());
        Email school = SentMail.to(emails, TestSchools.address("dsl", urn));
        assertThat(school.to()).isEqualTo(schools.emailedTo().get(urn));
        // the other school's email shared the refused one's broker message: the retry must not send it again
        assertThat(emails.values()).allSatisfy(e -> assertThat(e.deliveredOncePerRecipient()).isTrue());
        JsonNode row = api.recipient(alertId, urn);
        assertThat(row.get("status").asText()).isEqualTo("SENT");
        assertThat(row.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(row.get("lastError").asText()).as("what went wrong before").contains("451");
    }

    @Test
    void aTemporaryRefusalThatNeverClearsFailsOnTheLastAttemptAndIsParked() {
        TestSchools schools = TestSchools.importInto(context, "815", 8_150_001, 2);
        long urn = 8_150_001;
        RELAY.refuse(TestSchools.address("dsl", urn), "452 4.2.2 Mailbox full", Integer.MAX_VALUE);
        RELAY.refuse(TestSchools.address("deputy", urn), "452 4.2.2 Mailbox full", Integer.MAX_VALUE);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("815", "Never clears", "give up", false));
        long alertId = alert.get("id").asLong();

        awaitSent(alertId);
        JsonNode row = api.recipient(alertId, urn);
        assertThat(row.get("status").asText()).isEqualTo("FAILED");
        assertThat(row.get("attempts").asInt()).as("hub.broker.max-delivery-attempts").isEqualTo(4);
        assertThat(row.get("lastError").asText()).contains("452", "Mailbox full");
        long deliveryId = jdbc.sql("select id from delivery where alert_id = :id and urn = :urn")
                .param("id", alertId).param("urn", urn).query(Long.class).single();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deadLetters())
                .anySatisfy(dead -> assertThat(((TextMessage) dead).getText()).isEqualTo(Long.toString(deliveryId))));
        assertThat(SentMail.of(SMTP, alert.get("reference").asText())).hasSize(schools.emailedTo().size() - 1);
    }

    @Test
    void aPermanentRefusalOfEveryAddressFailsThatSchoolAtOnceAndTheRestAreSent() {
        TestSchools schools = TestSchools.importInto(context, "813", 8_130_001, 3);
        long urn = 8_130_002;
        RELAY.refuse(TestSchools.address("dsl", urn), "550 5.1.1 No such user here", Integer.MAX_VALUE);
        RELAY.refuse(TestSchools.address("deputy", urn), "550 5.1.1 No such user here", Integer.MAX_VALUE);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("813", "Permanent refusal", "no retry", false));
        long alertId = alert.get("id").asLong();

        awaitSent(alertId);
        JsonNode row = api.recipient(alertId, urn);
        assertThat(row.get("status").asText()).isEqualTo("FAILED");
        assertThat(row.get("attempts").asInt()).isEqualTo(1);
        assertThat(row.get("lastError").asText()).contains("550", "No such user here");
        JsonNode counts = api.status(alertId).get("deliveries").get("EMAIL");
        assertThat(counts.get("failed").asInt()).isEqualTo(1);
        assertThat(counts.get("sent").asInt()).isEqualTo(schools.emailedTo().size() - 1);
        assertThat(counts.get("unreachable").asInt()).isEqualTo(1);
        Map<String, Email> emails = SentMail.of(SMTP, alert.get("reference").asText());
        assertThat(emails).hasSize(schools.emailedTo().size() - 1);
        assertThat(emails.values()).noneSatisfy(e -> assertThat(e.to()).containsAnyElementsOf(schools.emailedTo().get(urn)));
    }

    @Test
    void aRefusedDeputyAddressDoesNotStopTheDslsCopy() {
        TestSchools schools = TestSchools.importInto(context, "814", 8_140_001, 3);
        long urn = 8_140_002;
        RELAY.refuse(TestSchools.address("deputy", urn), "550 5.1.1 No such user here", Integer.MAX_VALUE);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("814", "Partly refused", "dsl still gets it", false));
        long alertId = alert.get("id").asLong();

        awaitSent(alertId);
        JsonNode row = api.recipient(alertId, urn);
        assertThat(row.get("status").asText()).isEqualTo("SENT");
        assertThat(row.get("lastError").asText()).contains("refused", "550");
        Map<String, Email> emails = SentMail.of(SMTP, alert.get("reference").asText());
        assertThat(emails).hasSize(schools.emailedTo().size());
        assertThat(emails.values()).filteredOn(e -> e.to().contains(TestSchools.address("dsl", urn))).hasSize(1);
        assertThat(api.status(alertId).get("deliveries").get("EMAIL").get("failed").asInt()).isZero();
    }

    @Test
    void aMessageThatIsNotADeliveryIsDeadLetteredWithTheReason() {
        jms.convertAndSend(HubQueues.DELIVERIES_EMAIL, "not a delivery");
        jms.convertAndSend(HubQueues.DELIVERIES_EMAIL, "987654321");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deadLetters()).hasSize(2));
        assertThat(deadLetters()).allSatisfy(dead -> {
            assertThat(dead.getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo(HubQueues.DELIVERIES_EMAIL);
            assertThat(dead.getStringProperty("deadLetterReason")).isNotBlank();
        });
        assertThat(deadLetters()).extracting(dead -> dead.getStringProperty("deadLetterReason"))
                .anySatisfy(reason -> assertThat(reason).contains("not a delivery id"))
                .anySatisfy(reason -> assertThat(reason).contains("no email delivery 987654321"));
        assertThat(queue(HubQueues.DELIVERIES_EMAIL).getMessageCount()).isZero();
    }

    @Test
    void aDeliveryThatArrivesAgainAfterItWasSentSendsNothing() {
        TestSchools schools = TestSchools.importInto(context, "814", 8_140_001, 1);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("814", "Sent once", "no resend", false));
        long alertId = alert.get("id").asLong();
        String reference = alert.get("reference").asText();
        awaitSent(alertId);
        Map<String, Email> before = SentMail.of(SMTP, reference);
        assertThat(before).hasSize(schools.emailedTo().size());
        long deliveryId = jdbc.sql("select id from delivery where alert_id = :id and urn = 8140001")
                .param("id", alertId).query(Long.class).single();
        long consumed = queue(HubQueues.DELIVERIES_EMAIL).getMessagesAcknowledged();

        jms.convertAndSend(HubQueues.DELIVERIES_EMAIL, Long.toString(deliveryId));

        await().atMost(PATIENCE).until(() -> queue(HubQueues.DELIVERIES_EMAIL).getMessagesAcknowledged() > consumed);
        assertThat(SentMail.of(SMTP, reference)).isEqualTo(before);
        JsonNode row = api.recipient(alertId, 8_140_001);
        assertThat(row.get("status").asText()).isEqualTo("SENT");
        assertThat(row.get("attempts").asInt()).isEqualTo(1);
    }

    private void awaitSent(long alertId) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));
    }

    private Queue queue(String name) {
        return broker.getActiveMQServer().locateQueue(name);
    }

    private List<Message> deadLetters() {
        return jms.browse(EMAIL_DLQ, (session, browser) -> {
            List<Message> messages = new ArrayList<>();
            for (Object message : Collections.list(browser.getEnumeration())) {
                messages.add((Message) message);
            }
            return messages;
        });
    }
}
