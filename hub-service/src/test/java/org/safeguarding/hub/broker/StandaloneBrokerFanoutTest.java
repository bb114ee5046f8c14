package org.safeguarding.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.AlertHubApplication;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.demo.SyntheticDirectory;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.routes.HubQueues;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jms.core.JmsTemplate;

/**
 * The hub as production runs it, against a standalone Artemis (the 2.44.0 distribution from Maven Central, see
 * {@link StandaloneArtemis}) configured by the project's docker/artemis/broker.xml: only the core acceptor is open,
 * the broker carries the hub's settings, an approved alert reaches every school once, and a poison delivery is
 * parked on the standalone broker's dead-letter queue. The hub runs the test profile, but with
 * {@code spring.artemis.mode=native} and no embedded broker.
 */
class StandaloneBrokerFanoutTest {

    private static final int SCHOOLS = 40;
    /** What a stock instance would open besides core: AMQP, MQTT, STOMP, HornetQ, the web console. */
    private static final Map<Integer, String> OTHER_PORTS = Map.of(5672, "AMQP", 1883, "MQTT", 61613, "STOMP",
            5445, "HornetQ", 8161, "web console");
    private static final String EMAIL_DLQ = "DLA::" + HubQueues.deadLetterQueueOf(HubQueues.DELIVERIES_EMAIL);
    private static final List<String> AREA = SyntheticDirectory.AREA.stream()
            .map(SyntheticDirectory.LocalAuthority::code).toList();
    private static final Pattern URN_IN_ADDRESS = Pattern.compile("-(\\d{6})\\.");

    static Set<Integer> closedBefore = new TreeSet<>();
    static StandaloneArtemis broker;
    static GreenMail smtp;
    static ConfigurableApplicationContext hub;
    static HubApi api;
    static Set<Long> openSchools;

    @BeforeAll
    static void startBrokerSmtpAndHub() throws Exception {
        OTHER_PORTS.keySet().stream().filter(port -> !StandaloneArtemis.accepts(port)).forEach(closedBefore::add);
        broker = StandaloneArtemis.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        hub = new SpringApplicationBuilder(AlertHubApplication.class).run(
                "--spring.profiles.active=test",
                "--spring.artemis.mode=native",
                "--spring.artemis.embedded.enabled=false",
                "--spring.artemis.broker-url=" + broker.brokerUrl(),
                "--spring.artemis.user=" + StandaloneArtemis.USER,
                "--spring.artemis.password=" + broker.password(),
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtp.getSmtp().getPort(),
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--hub.outbox.poll-interval=200");
        openSchools = importDirectory();
        api = new HubApi(hub);
    }

    @AfterAll
    static void stopHubSmtpAndBroker() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void onlyTheCoreAcceptorIsOpen() throws Exception {
        List<String> acceptors = broker.logLines("AMQ221020"); // AMQ221020: Started <transport> Acceptor at ...
        assertThat(acceptors).as("acceptors in the broker log").hasSize(1);
        assertThat(acceptors.get(0)).contains("127.0.0.1:" + broker.port()).endsWith("for protocols [CORE]");

        JsonNode fromManagement = new ObjectMapper().readTree((String) management().attribute("broker", "AcceptorsAsJSON"));
        assertThat(fromManagement).as("acceptors the broker reports").hasSize(1);

        for (int port : closedBefore) {
            assertThat(StandaloneArtemis.accepts(port)).as(OTHER_PORTS.get(port) + " port " + port).isFalse();
        }
    }

    @Test
    void theStandaloneBrokerCarriesTheHubSettingsFromBrokerXml() throws Exception {
        BrokerManagement management = management();
        assertThat(((Number) management.attribute("broker", "IDCacheSize")).intValue()).as("duplicate-id cache")
                .isEqualTo(200_000);
        assertThat(management.attribute("broker", "PersistIDCache")).isEqualTo(true);

        JsonNode email = new ObjectMapper().readTree((String) management.invoke("broker", "getAddressSettingsAsJSON",
                HubQueues.DELIVERIES_EMAIL));
        assertThat(email.path("deadLetterAddress").asText()).isEqualTo("DLA");
        assertThat(email.path("autoCreateDeadLetterResources").asBoolean()).isTrue();
        assertThat(email.path("deadLetterQueuePrefix").asText()).isEqualTo("DLQ.");
        assertThat(email.path("expiryAddress").asText()).isEqualTo("Expired");
        assertThat(email.path("expiryQueuePrefix").asText()).isEqualTo("EXP.");
        assertThat(email.path("maxDeliveryAttempts").asInt()).isEqualTo(10);
        assertThat(email.path("redeliveryDelay").asLong()).isEqualTo(1_000);
        assertThat(email.path("redeliveryMultiplier").asDouble()).isEqualTo(2.0);
        assertThat(email.path("maxRedeliveryDelay").asLong()).isEqualTo(300_000);
        assertThat(email.path("autoCreateQueues").asBoolean()).isFalse();
        for (String queue : HubQueues.ALL) {
            assertThat(management.attribute("queue." + queue, "Durable")).as(queue).isEqualTo(true);
            assertThat(management.attribute("queue." + HubQueues.deadLetterQueueOf(queue), "Address"))
                    .as("dead letters of " + queue).isEqualTo("DLA");
            assertThat(management.attribute("queue.EXP." + queue, "Address")).as("expired " + queue)
                    .isEqualTo("Expired");
        }

        // --require-login: the hub's user and password, nobody else
        ActiveMQConnectionFactory intruder = new ActiveMQConnectionFactory(broker.brokerUrl());
        assertThatThrownBy(() -> {
            try (Connection ignored = intruder.createConnection(StandaloneArtemis.USER, "not-the-password")) {
                // refused before this line
            }
        }).isInstanceOf(JMSSecurityException.class);
        intruder.close();
    }

    @Test
    void anApprovedAlertReachesEverySchoolExactlyOnceThroughTheStandaloneBroker() throws Exception {
        assertThat(hub.getBeansOfType(EmbeddedActiveMQ.class)).as("an embedded broker in the hub").isEmpty();
        long queuedBefore = messagesAdded(HubQueues.DELIVERIES_EMAIL);

        Map<String, Object> alert = HubApi.alert(AREA.get(0), "Standalone broker fan-out", "video-chat site", false);
        alert.put("target", Map.of("localAuthorities", AREA));
        long id = api.raiseAndApprove(alert).path("id").asLong();

        await("every open school emailed and the alert SENT").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(api.status(id).path("status").asText()).isEqualTo("SENT"));

        Map<String, MimeMessage> unique = new LinkedHashMap<>(); // GreenMail files one copy per recipient
        for (MimeMessage message : smtp.getReceivedMessages()) {
            unique.putIfAbsent(message.getMessageID(), message);
        }
        Map<Long, Integer> emailsPerSchool = new HashMap<>();
        for (MimeMessage message : unique.values()) {
            assertThat(message.getSubject()).contains("Standalone broker fan-out");
            Set<Long> schools = new TreeSet<>();
            for (Address to : message.getRecipients(jakarta.mail.Message.RecipientType.TO)) {
                Matcher urn = URN_IN_ADDRESS.matcher(((InternetAddress) to).getAddress());
                assertThat(urn.find()).as("school of " + to).isTrue();
                schools.add(Long.parseLong(urn.group(1)));
            }
            assertThat(schools).as("recipients of one email").hasSize(1);
            emailsPerSchool.merge(schools.iterator().next(), 1, Integer::sum);
        }
        assertThat(emailsPerSchool.keySet()).as("schools emailed").isEqualTo(openSchools);
        assertThat(emailsPerSchool.values()).as("emails per school").containsOnly(1);

        JsonNode email = api.status(id).path("deliveries").path("EMAIL");
        assertThat(email.path("sent").asInt()).isEqualTo(openSchools.size());
        assertThat(email.path("queued").asInt() + email.path("failed").asInt()).isZero();
        int perMessage = hub.getEnvironment().getRequiredProperty("hub.fanout.deliveries-per-message", Integer.class);
        assertThat(messagesAdded(HubQueues.DELIVERIES_EMAIL) - queuedBefore)
                .as("batches of deliveries that went through the standalone broker's email queue")
                .isEqualTo((openSchools.size() + perMessage - 1) / perMessage);
    }

    @Test
    void aPoisonDeliveryIsParkedOnTheStandaloneBrokersDeadLetterQueue() throws Exception {
        String poison = "not a delivery id " + System.nanoTime();
        JmsTemplate jms = hub.getBean(JmsTemplate.class);
        jms.convertAndSend(HubQueues.DELIVERIES_EMAIL, poison);

        // a fresh client of the standalone broker, not the hub: the message is on the broker's queue
        ActiveMQConnectionFactory client = new ActiveMQConnectionFactory(broker.brokerUrl(), StandaloneArtemis.USER,
                broker.password());
        JmsTemplate receiver = new JmsTemplate(client);
        receiver.setReceiveTimeout(1_000);
        await("the poison message on " + EMAIL_DLQ).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Message dead = receiver.receive(EMAIL_DLQ);
            assertThat(dead).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) dead).getText()).isEqualTo(poison);
            assertThat(dead.getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo(HubQueues.DELIVERIES_EMAIL);
        });
        client.close();
    }

    private static long messagesAdded(String queue) throws Exception {
        return ((Number) management().attribute("queue." + queue, "MessagesAdded")).longValue();
    }

    private static BrokerManagement management() {
        return new BrokerManagement(broker.brokerUrl(), StandaloneArtemis.USER, broker.password());
    }

    /** A synthetic directory of {@link #SCHOOLS} establishments and their contacts; returns the open schools' URNs. */
    private static Set<Long> importDirectory() throws Exception {
        StringWriter schools = new StringWriter();
        StringWriter contacts = new StringWriter();
        new SyntheticDirectory(20261121L).write(SCHOOLS, schools, contacts);
        hub.getBean(EstablishmentImport.class).importCsv(utf8(schools));
        hub.getBean(ContactImport.class).importCsv(utf8(contacts));
        Set<Long> open = new TreeSet<>();
        for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().get().parse(new StringReader(schools.toString()))) {
            if ("Open".equals(row.get("EstablishmentStatus (name)"))) {
                open.add(Long.parseLong(row.get("URN")));
            }
        }
        assertThat(open).as("open schools in the generated directory").hasSizeGreaterThan(SCHOOLS / 2);
        return open;
    }

    private static ByteArrayInputStream utf8(StringWriter csv) {
        return new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
}
