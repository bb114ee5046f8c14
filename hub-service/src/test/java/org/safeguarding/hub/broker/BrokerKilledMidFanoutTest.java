package org.safeguarding.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.AlertHubApplication;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.SmtpRelay;
import org.safeguarding.hub.delivery.TestSchools;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * kill -9 of the standalone broker (the production one, with the project's broker.xml) in the middle of a fan-out
 * to a slow SMTP relay, then the broker started again on its journal: the hub reconnects by itself, the alert is
 * SENT, nothing is left to send, and every school's email went out under one Message-ID (a batch in flight when the
 * broker died may be sent again, as the same email).
 */
class BrokerKilledMidFanoutTest {

    static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void aFanOutWhoseBrokerIsKilledFinishesOnceTheBrokerIsBack() throws Exception {
        GreenMail smtp = SentMail.smtpServer(0);
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (StandaloneArtemis broker = StandaloneArtemis.start(); SmtpRelay relay = new SmtpRelay(smtp.getSmtp().getPort())) {
            relay.hold(0);
            trickle.scheduleAtFixedRate(() -> relay.letThrough(1), 0, 25, TimeUnit.MILLISECONDS);
            try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(AlertHubApplication.class).run(
                    "--spring.profiles.active=test",
                    "--spring.artemis.mode=native",
                    "--spring.artemis.embedded.enabled=false",
                    "--spring.artemis.broker-url=" + broker.brokerUrl(),
                    "--spring.artemis.user=" + StandaloneArtemis.USER,
                    "--spring.artemis.password=" + broker.password(),
                    "--spring.mail.host=127.0.0.1",
                    "--spring.mail.port=" + relay.port(),
                    "--server.address=127.0.0.1",
                    "--server.port=0",
                    "--hub.outbox.poll-interval=200",
                    "--hub.fanout.deliveries-per-message=5")) {
                TestSchools schools = TestSchools.importInto(hub, "861", 8_610_001, 90);
                HubApi api = new HubApi(hub);
                JsonNode alert = api.raiseAndApprove(HubApi.alert("861", "Broker killed", "every school once", false));
                long alertId = alert.get("id").asLong();
                String reference = alert.get("reference").asText();

                await().atMost(PATIENCE).until(() -> SentMail.of(smtp, reference).size() >= schools.emailedTo().size() / 3);
                broker.kill();
                broker.restart();

                await().atMost(PATIENCE).untilAsserted(() ->
                        assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));
                JsonNode email = api.status(alertId).get("deliveries").get("EMAIL");
                assertThat(email.get("queued").asInt()).isZero();
                assertThat(email.get("failed").asInt()).isZero();
                assertThat(email.get("sent").asInt()).isEqualTo(schools.emailedTo().size());
                assertThat(SentMail.of(smtp, reference)).hasSize(schools.emailedTo().size());
            }
        } finally {
            trickle.shutdownNow();
            smtp.stop();
        }
    }
}
