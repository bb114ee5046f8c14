package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.StatefulService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.hub.AlertHubApplication;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The hub is stopped in the middle of a fan-out, with emails queued on the broker and two being sent, and started
 * again on the same broker journal and database: every school gets its email, and none gets it twice. The SMTP
 * relay holds each email at the end of its DATA, so the first hub really is mid-send when it is stopped.
 */
class FanoutRestartTest {

    static final int CONSUMERS = 2;
    static final int DELIVERIES_PER_MESSAGE = 3;
    static final int LET_THROUGH = 6;
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path data;

    GreenMail smtp;
    SmtpRelay relay;

    @BeforeEach
    void smtp() {
        smtp = SentMail.smtpServer(0);
        relay = new SmtpRelay(smtp.getSmtp().getPort());
    }

    @AfterEach
    void stopSmtp() throws Exception {
        relay.close();
        smtp.stop();
    }

    @Test
    void aFanOutStoppedMidWayFinishesAfterARestartWithEveryEmailSentOnce() throws Exception {
        relay.hold(LET_THROUGH);
        ConfigurableApplicationContext first = startHub();
        TestSchools schools;
        long alertId;
        String reference;
        try {
            schools = TestSchools.importInto(first, "821", 8_210_001, 18);
            JsonNode approved = new HubApi(first).raiseAndApprove(
                    HubApi.alert("821", "Restart mid fan-out", "every school once", false));
            alertId = approved.get("id").asLong();
            reference = approved.get("reference").asText();
            // some emails are through, every consumer is mid-send, the rest wait on the broker
            await().atMost(PATIENCE).until(() ->
                    SentMail.of(smtp, reference).size() == LET_THROUGH && relay.held() == CONSUMERS);
        } catch (RuntimeException | Error e) {
            first.close();
            throw e;
        }

        StatefulService emailConsumer = (StatefulService) first.getBean(CamelContext.class)
                .getRoute("email-delivery").getConsumer();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(first::close);
        // once the consumers take nothing new, the two emails in flight may finish, as a graceful stop lets them
        await().atMost(PATIENCE).until(() -> emailConsumer.getStatus() != ServiceStatus.Started);
        relay.open();
        stopping.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        int sentBeforeRestart = SentMail.of(smtp, reference).size();
        assertThat(sentBeforeRestart).as("stopped mid fan-out")
                .isGreaterThanOrEqualTo(LET_THROUGH).isLessThan(schools.emailedTo().size());

        ConfigurableApplicationContext second = startHub();
        try {
            HubApi api = new HubApi(second);
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));

            Map<String, Email> emails = SentMail.of(smtp, reference);
            assertThat(emails).hasSize(schools.emailedTo().size());
            assertThat(emails.values()).allSatisfy(e ->
                    assertThat(e.deliveredOncePerRecipient()).as("%s copies of %s", e.copies(), e.messageId()).isTrue());
            assertThat(emails.values().stream().map(Email::to).collect(Collectors.toSet()))
                    .isEqualTo(Set.copyOf(schools.emailedTo().values()));
            JsonNode counts = api.status(alertId).get("deliveries").get("EMAIL");
            assertThat(counts.get("sent").asInt()).isEqualTo(schools.emailedTo().size());
            assertThat(counts.get("unreachable").asInt()).isEqualTo(1);
            assertThat(counts.get("failed").asInt()).isZero();
        } finally {
            second.close();
        }
    }

    /** The hub on this test's broker journal and H2 file database, both kept across restarts. */
    private ConfigurableApplicationContext startHub() {
        return new SpringApplicationBuilder(AlertHubApplication.class).run(
                "--spring.profiles.active=test",
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("db/hub")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--spring.artemis.embedded.persistent=true",
                "--spring.artemis.embedded.data-directory=" + data.resolve("artemis"),
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + relay.port(),
                "--hub.public-base-url=https://alerts.example.org.uk",
                "--hub.email.concurrent-consumers=" + CONSUMERS,
                // small batches, so both consumers are busy with one each when the hub is stopped
                "--hub.fanout.deliveries-per-message=" + DELIVERIES_PER_MESSAGE,
                "--hub.broker.redelivery-delay=100ms",
                "--hub.broker.max-delivery-attempts=4",
                "--hub.outbox.poll-interval=200");
    }
}
