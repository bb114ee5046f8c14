package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.safeguarding.hub.routes.HubQueues;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A claim is a lease: deliveries whose broker messages are gone (lost with a broker, or claimed by a consumer that
 * died) do not strand their alert. Here the email queue loses every message of an alert and one delivery is left
 * claimed by a message that no longer exists; once the lease has lapsed the claim sweep queues them again, every
 * school gets its email once and the alert is SENT.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.outbox.poll-interval=200",
        "hub.delivery.claim-lease=8s",
        "hub.delivery.sweep-interval=500"})
@ActiveProfiles("test")
class ClaimSweepTest {

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
    JdbcClient jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    EmbeddedActiveMQ broker;

    @Test
    void deliveriesWhoseMessagesWereLostAreQueuedAgainAndSentOnce() throws Exception {
        TestSchools schools = TestSchools.importInto(context, "851", 8_510_001, 5);
        camel.getRouteController().stopRoute("email-delivery");
        HubApi api = new HubApi(context);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("851", "Lost messages", "swept", false));
        long alertId = alert.get("id").asLong();
        var emailQueue = broker.getActiveMQServer().locateQueue(HubQueues.DELIVERIES_EMAIL);
        await().atMost(PATIENCE).until(() -> emailQueue.getMessageCount() > 0
                && "SENDING".equals(api.status(alertId).get("status").asText()));

        emailQueue.deleteAllReferences();
        jdbc.sql("update delivery set claimed_by = 'ID:a-consumer-that-died' where alert_id = :a and urn = 8510001")
                .param("a", alertId).update();
        camel.getRouteController().startRoute("email-delivery");

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));
        Map<String, Email> emails = SentMail.of(SMTP, alert.get("reference").asText());
        assertThat(emails.values().stream().map(Email::to).collect(Collectors.toSet()))
                .isEqualTo(Set.copyOf(schools.emailedTo().values()));
        assertThat(emails.values()).allSatisfy(email -> assertThat(email.deliveredOncePerRecipient()).isTrue());
        assertThat(api.status(alertId).get("deliveries").get("EMAIL").get("sent").asInt())
                .isEqualTo(schools.emailedTo().size());
    }

    /**
     * An alert is marked SENT by a check after the last outcome's commit; a process killed between the two leaves it
     * SENDING with nothing open, and the sweep finishes it.
     */
    @Test
    void anAlertWhoseLastOutcomeOutlivedItsRecorderIsMarkedSent() throws Exception {
        TestSchools.importInto(context, "852", 8_520_001, 3);
        camel.getRouteController().stopRoute("email-delivery");
        try {
            HubApi api = new HubApi(context);
            long alertId = api.raiseAndApprove(HubApi.alert("852", "Recorder died", "swept", false)).get("id").asLong();
            await().atMost(PATIENCE).until(() -> jdbc.sql(
                    "select count(*) from alert where id = :a and status = 'SENDING' and planned_at is not null")
                    .param("a", alertId).query(Integer.class).single() == 1);

            // what the dead consumer committed; its check after the commit never ran, and no consumer is left to
            // record anything for this alert: only the sweep can finish it
            jdbc.sql("update delivery set status = 'SENT', sent_at = updated_at where alert_id = :a and status = 'QUEUED'")
                    .param("a", alertId).update();

            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));
        } finally {
            camel.getRouteController().startRoute("email-delivery");
        }
    }
}
