package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One approved alert, end to end through the real flow (outbox relay → enrichment → email route → SMTP) into a real
 * SMTP server: who gets an email, how many, what it looks like to a mail client, and what the API says about it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.broker.redelivery-delay=100ms",
        "hub.broker.max-delivery-attempts=4",
        "hub.outbox.poll-interval=200"})
@ActiveProfiles("test")
class FanoutEmailTest {

    static final GreenMail SMTP = SentMail.smtpServer(0);
    /** An ack link as the email carries it: the token is 256 bits, base64url without padding (43 characters). */
    static final Pattern ACK_LINK = Pattern.compile("https://alerts\\.example\\.org\\.uk/ack/([A-Za-z0-9_-]+)");

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

    HubApi api;

    @BeforeEach
    void api() {
        api = new HubApi(context);
    }

    @Test
    void everyOpenSchoolWithAnEmailContactGetsOneEmailAndTheAlertIsSent() {
        TestSchools schools = TestSchools.importInto(context, "801", 8_010_001, 18);
        JsonNode approved = api.raiseAndApprove(HubApi.alert("801", "Coercion on a random video-chat site",
                "children are being coerced into exposure", false));
        long alertId = approved.get("id").asLong();
        String reference = approved.get("reference").asText();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));

        Map<String, Email> emails = SentMail.of(SMTP, reference);
        assertThat(emails).as("one email per reachable open school").hasSize(schools.emailedTo().size());
        assertThat(emails.values()).allSatisfy(e -> assertThat(e.deliveredOncePerRecipient()).as(e.messageId()).isTrue());
        assertThat(emails.values().stream().map(Email::to).collect(Collectors.toSet()))
                .as("the DSL and deputy of each school, or the head where it has no leads")
                .isEqualTo(new HashSet<>(schools.emailedTo().values()));
        Set<String> everyoneEmailed = emails.values().stream().flatMap(e -> e.to().stream()).collect(Collectors.toSet());
        assertThat(everyoneEmailed).doesNotContainAnyElementsOf(schools.neverEmailed());

        JsonNode status = api.status(alertId);
        assertThat(status.get("recipients").asInt()).isEqualTo(schools.open());
        JsonNode email = status.get("deliveries").get("EMAIL");
        assertThat(email.get("sent").asInt()).isEqualTo(schools.emailedTo().size());
        assertThat(email.get("unreachable").asInt()).isEqualTo(1);
        assertThat(email.get("queued").asInt()).isZero();
        assertThat(email.get("failed").asInt()).isZero();

        JsonNode recipients = api.recipients(alertId);
        assertThat(recipients).hasSize(schools.open());
        JsonNode unreachable = api.recipient(alertId, schools.unreachable());
        assertThat(unreachable.get("status").asText()).isEqualTo("UNREACHABLE");
        assertThat(unreachable.get("lastError").asText()).contains("no safeguarding contact with an email address");
        for (JsonNode row : recipients) {
            assertThat(schools.closed()).as("closed schools are not recipients").doesNotContain(row.get("urn").asLong());
            if (row.get("urn").asLong() != schools.unreachable()) {
                assertThat(row.get("status").asText()).isEqualTo("SENT");
                assertThat(row.get("attempts").asInt()).isEqualTo(1);
                assertThat(row.get("recipient").asText().split(", "))
                        .containsExactlyInAnyOrderElementsOf(schools.emailedTo().get(row.get("urn").asLong()));
            }
        }

        Map<String, Long> tokens = new HashMap<>();
        schools.emailedTo().forEach((urn, to) -> {
            Email received = SentMail.to(emails, to.iterator().next());
            assertThat(received.messageId()).as("stable per delivery")
                    .isEqualTo("<delivery-" + deliveryId(alertId, urn) + "." + reference + "@alerts.example.org.uk>");
            assertThat(received.mimeType()).isEqualTo("multipart/alternative");
            assertThat(received.parts()).containsOnlyKeys("text/plain", "text/html");
            assertThat(received.subject()).contains("SEVERE", reference).doesNotContain("EXERCISE");
            assertThat(received.text()).contains("Test School " + urn);
            String token = ackToken(received.text());
            assertThat(ackToken(received.html())).as("the same link in both parts").isEqualTo(token);
            assertThat(token).hasSizeGreaterThanOrEqualTo(43);
            assertThat(tokens.put(token, urn)).as("a link of its own for school " + urn).isNull();
            assertThat(jdbc.sql("select urn from acknowledgement_link where token_hash = :hash and alert_id = :alert")
                    .param("hash", AcknowledgementLinks.hash(token)).param("alert", alertId)
                    .query(Long.class).single()).as("the link resolves to the school it was sent to").isEqualTo(urn);
        });
    }

    @Test
    void anExerciseSaysSoAndWhatTheRaiserTypedArrivesEscapedInTheHtml() {
        TestSchools schools = TestSchools.importInto(context, "802", 8_020_001, 2);
        String hostile = "<script>alert(1)</script>";
        JsonNode approved = api.raiseAndApprove(HubApi.alert("802", "Exercise " + hostile, hostile, true));
        long alertId = approved.get("id").asLong();
        String reference = approved.get("reference").asText();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));

        Map<String, Email> emails = SentMail.of(SMTP, reference);
        assertThat(emails).hasSize(schools.emailedTo().size());
        for (Email received : emails.values()) {
            assertThat(received.subject()).startsWith("EXERCISE").contains("SEVERE", reference);
            assertThat(received.html()).doesNotContainIgnoringCase("<script")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                    .contains("EXERCISE");
            assertThat(received.text()).startsWith("EXERCISE").contains("What happened: " + hostile);
        }
    }

    private long deliveryId(long alertId, long urn) {
        return jdbc.sql("select id from delivery where alert_id = :alert and urn = :urn and channel = 'EMAIL'")
                .param("alert", alertId).param("urn", urn).query(Long.class).single();
    }

    private static String ackToken(String body) {
        Matcher link = ACK_LINK.matcher(body);
        assertThat(link.find()).as("an acknowledgement link in\n" + body).isTrue();
        return link.group(1);
    }
}
