package org.safeguarding.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.routes.HubQueues;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jms.InvalidDestinationException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A delivery that keeps failing ends up on its own dead-letter queue after hub.broker.max-delivery-attempts, instead
 * of being dropped after Artemis's default 10; an expired one on its expiry queue; and the embedded broker carries
 * the hub's address settings.
 */
@SpringBootTest(properties = {
        "hub.broker.max-delivery-attempts=3",
        "hub.broker.redelivery-delay=0s",
        "hub.broker.duplicate-id-cache-size=54321",
        // only this test's route consumes the email queue, whatever routes the hub itself gains
        "camel.main.java-routes-include-pattern=org/safeguarding/hub/broker/DeadLetterTest*"})
@ActiveProfiles("test")
class DeadLetterTest {

    private static final String EMAIL = HubQueues.DELIVERIES_EMAIL;
    private static final String EMAIL_DLQ = HubQueues.deadLetterQueueOf(EMAIL);
    /** Fully qualified: the queue DLQ.hub.deliveries.email on the address DLA. */
    private static final String EMAIL_DLQ_FQQN = "DLA::" + EMAIL_DLQ;

    @Autowired
    JmsTemplate jms;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    EmbeddedActiveMQ embedded;

    @Test
    void aDeliveryThatAlwaysFailsIsParkedOnItsDeadLetterQueueAfterMaxAttempts() throws Exception {
        // DLQ.<queue> lives on the DLA address; a client that asks for it by its plain name must be refused rather
        // than create a look-alike queue that leaves the DLA without bindings (Artemis then drops dead letters)
        assertThatThrownBy(() -> bodiesOn(EMAIL_DLQ)).isInstanceOf(InvalidDestinationException.class);

        String body = "{\"deliveryId\":\"dead-letter-test-" + System.nanoTime() + "\"}";
        jms.convertAndSend(EMAIL, body);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bodiesOn(EMAIL_DLQ_FQQN)).contains(body));

        assertThat(FailingEmailDelivery.attempts(body)).as("deliveries before the broker gave up").isEqualTo(3);
        assertThat(bodiesOn(EMAIL)).doesNotContain(body);
        assertThat(server().locateQueue(EMAIL).getMessageCount()).isZero();

        JmsTemplate receiver = new JmsTemplate(connectionFactory);
        receiver.setReceiveTimeout(5_000);
        Message dead = receiver.receive(EMAIL_DLQ_FQQN);
        assertThat(dead).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) dead).getText()).isEqualTo(body);
        assertThat(dead.getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo(EMAIL);
        assertThat(server().locateQueue(EMAIL_DLQ).getMessageCount()).isZero();
    }

    @Test
    void anExpiredDeliveryIsParkedOnItsExpiryQueue() {
        String sms = HubQueues.DELIVERIES_SMS;
        String body = "{\"deliveryId\":\"expiry-test-" + System.nanoTime() + "\"}";
        JmsTemplate shortLived = new JmsTemplate(connectionFactory);
        shortLived.setExplicitQosEnabled(true);
        shortLived.setTimeToLive(1);
        shortLived.convertAndSend(sms, body);

        // nothing consumes the SMS queue here: ask the broker to expire what is due rather than wait for its scan
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            server().locateQueue(sms).expireReferences();
            assertThat(bodiesOn("Expired::EXP." + sms)).contains(body);
        });
        assertThat(bodiesOn(sms)).doesNotContain(body);
    }

    @Test
    void theEmbeddedBrokerCarriesTheHubSettings() {
        ActiveMQServer server = server();
        assertThat(server.getConfiguration().getIDCacheSize()).isEqualTo(54321);
        assertThat(server.getConfiguration().isPersistIDCache()).isTrue();

        AddressSettings settings = server.getAddressSettingsRepository().getMatch(EMAIL);
        assertThat(String.valueOf(settings.getDeadLetterAddress())).isEqualTo("DLA");
        assertThat(settings.isAutoCreateDeadLetterResources()).isTrue();
        assertThat(String.valueOf(settings.getDeadLetterQueuePrefix())).isEqualTo("DLQ.");
        assertThat(String.valueOf(settings.getExpiryAddress())).isEqualTo("Expired");
        assertThat(settings.isAutoCreateExpiryResources()).isTrue();
        assertThat(String.valueOf(settings.getExpiryQueuePrefix())).isEqualTo("EXP.");
        assertThat(settings.getMaxDeliveryAttempts()).isEqualTo(3);
        assertThat(settings.getRedeliveryDelay()).isZero();

        for (String queue : HubQueues.ALL) {
            assertThat(server.locateQueue(queue)).as(queue).isNotNull();
            assertThat(server.locateQueue(queue).isDurable()).as(queue).isTrue();
            assertThat(String.valueOf(server.locateQueue(HubQueues.deadLetterQueueOf(queue)).getAddress()))
                    .as("dead letters of " + queue).isEqualTo("DLA");
            assertThat(String.valueOf(server.locateQueue("EXP." + queue).getAddress()))
                    .as("expired messages of " + queue).isEqualTo("Expired");
        }
        AddressSettings elsewhere = server.getAddressSettingsRepository().getMatch("not.a.hub.queue");
        assertThat(String.valueOf(elsewhere.getDeadLetterAddress())).as("the family match covers hub.# only").isNotEqualTo("DLA");
    }

    private ActiveMQServer server() {
        return embedded.getActiveMQServer();
    }

    private List<String> bodiesOn(String queue) {
        return jms.browse(queue, (session, browser) -> {
            List<String> bodies = new ArrayList<>();
            for (Object message : Collections.list(browser.getEnumeration())) {
                bodies.add(((TextMessage) message).getText());
            }
            return bodies;
        });
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingEmailDelivery {

        private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

        static int attempts(String body) {
            return ATTEMPTS.getOrDefault(body, new AtomicInteger()).get();
        }

        /** A mail relay that is always down; the transacted consumer hands each failure back to the broker. */
        @Bean
        RouteBuilder failingEmailDeliveryRoute() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("jms:queue:" + EMAIL + "?transacted=true")
                            .routeId("test-failing-email-delivery")
                            .process(exchange -> {
                                ATTEMPTS.computeIfAbsent(exchange.getMessage().getBody(String.class),
                                        b -> new AtomicInteger()).incrementAndGet();
                                throw new IllegalStateException("mail relay is down");
                            });
                }
            };
        }
    }
}
