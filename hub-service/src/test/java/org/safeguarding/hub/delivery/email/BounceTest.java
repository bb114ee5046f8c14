package org.safeguarding.hub.delivery.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.TestSchools;
import org.safeguarding.hub.support.FreePort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bounces: the relay took the email, the school's server gave it back later as a delivery status notification to the
 * hub's mailbox, which the hub reads over IMAP (GreenMail serves both SMTP and the bounce mailbox here). Every address
 * of a school bounced: the delivery is BOUNCED and counted as failed; one of two: it stays SENT with the bounce noted;
 * either way the directory page flags the address. A delay notice or an auto-reply changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.outbox.poll-interval=200",
        "hub.email.bounces.protocol=imap",
        "hub.email.bounces.host=127.0.0.1",
        "hub.email.bounces.username=bounces",
        "hub.email.bounces.password=bounce-mailbox-secret",
        "hub.email.bounces.poll-interval=200"})
@ActiveProfiles("test")
class BounceTest {

    static final GreenMail SMTP = SentMail.smtpServer(0);
    static final GreenMail MAILBOX = new GreenMail(new ServerSetup(FreePort.any(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    static final GreenMailUser BOUNCES;
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static {
        MAILBOX.start();
        BOUNCES = MAILBOX.setUser("alerts@hub.example", "bounces", "bounce-mailbox-secret");
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("hub.email.bounces.port", () -> MAILBOX.getImap().getPort());
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
        MAILBOX.stop();
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
    void aBounceOfEveryAddressMarksTheDeliveryBouncedAndFlagsTheContacts() throws Exception {
        TestSchools schools = TestSchools.importInto(context, "841", 8_410_001, 3);
        JsonNode alert = api.raiseAndApprove(HubApi.alert("841", "Bounces", "read the mailbox", false));
        long alertId = alert.get("id").asLong();
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));
        long everyAddress = 8_410_001;
        long oneAddress = 8_410_002;
        long delayed = 8_410_003;

        deliver(dsn(messageId(alertId, everyAddress), "failed", "5.1.1", "550 5.1.1 mailbox unknown",
                TestSchools.address("dsl", everyAddress), TestSchools.address("deputy", everyAddress)));
        deliver(dsn(messageId(alertId, oneAddress), "failed", "5.2.2", "552 5.2.2 mailbox full",
                TestSchools.address("deputy", oneAddress)));
        deliver(dsn(messageId(alertId, delayed), "delayed", "4.4.7", "451 4.4.7 still trying",
                TestSchools.address("dsl", delayed)));
        deliver("From: dsl@away.example\r\nTo: alerts@hub.example\r\nSubject: Out of office\r\n"
                + "Message-ID: <auto-reply@away.example>\r\n\r\nI am away until Monday.\r\n");

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.recipient(alertId, everyAddress).get("status").asText()).isEqualTo("BOUNCED"));
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.recipient(alertId, oneAddress).get("lastError").asText()).contains("Bounced", "552"));
        assertThat(api.recipient(alertId, everyAddress).get("lastError").asText()).contains("550 5.1.1 mailbox unknown");
        assertThat(api.recipient(alertId, oneAddress).get("status").asText()).as("the DSL's copy arrived").isEqualTo("SENT");
        await().atMost(PATIENCE).until(() -> MAILBOX.getReceivedMessages().length == 4 && unseen() == 0);
        assertThat(api.recipient(alertId, delayed).get("status").asText()).isEqualTo("SENT");
        assertThat(api.recipient(alertId, delayed).get("lastError").isNull()).isTrue();
        JsonNode email = api.status(alertId).get("deliveries").get("EMAIL");
        assertThat(email.get("failed").asInt()).isEqualTo(1);
        assertThat(email.get("sent").asInt()).isEqualTo(schools.emailedTo().size() - 1);

        TestAccounts.ensure(context.getBean(AccountRepository.class), context.getBean(PasswordEncoder.class),
                "bounce-admin", Role.ADMIN);
        TestBrowser admin = new TestBrowser(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
                .signIn("bounce-admin", TestAccounts.password("bounce-admin"));
        assertThat(admin.get("/directory/schools/" + everyAddress).body())
                .contains("Last email bounced", "550 5.1.1 mailbox unknown");
        String oneSchool = admin.get("/directory/schools/" + oneAddress).body();
        assertThat(oneSchool.split("Last email bounced", -1)).as("only the deputy's address is flagged").hasSize(2);
        assertThat(admin.get("/directory/schools/" + delayed).body()).doesNotContain("Last email bounced");
    }

    private String messageId(long alertId, long urn) {
        return jdbc.sql("select message_id from delivery where alert_id = :a and urn = :u and channel = 'EMAIL'")
                .param("a", alertId).param("u", urn).query(String.class).single();
    }

    /** A delivery status notification (RFC 3464) as a mail server sends it, about the hub's email. */
    private static String dsn(String originalMessageId, String action, String status, String diagnostic,
            String... recipients) {
        StringBuilder perRecipient = new StringBuilder();
        for (String recipient : recipients) {
            perRecipient.append("\r\nFinal-Recipient: rfc822; ").append(recipient)
                    .append("\r\nAction: ").append(action)
                    .append("\r\nStatus: ").append(status)
                    .append("\r\nDiagnostic-Code: smtp; ").append(diagnostic).append("\r\n");
        }
        return """
                From: MAILER-DAEMON@mx.school.example\r
                To: alerts@hub.example\r
                Subject: Undelivered Mail Returned to Sender\r
                Message-ID: <dsn-%1$s@mx.school.example>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r
                \r
                --b1\r
                Content-Type: text/plain\r
                \r
                Your message could not be delivered.\r
                --b1\r
                Content-Type: message/delivery-status\r
                \r
                Reporting-MTA: dns; mx.school.example\r
                %2$s\r
                --b1\r
                Content-Type: text/rfc822-headers\r
                \r
                From: alerts@hub.example\r
                Subject: Safeguarding alert\r
                Message-ID: %3$s\r
                \r
                --b1--\r
                """.formatted(System.nanoTime(), perRecipient, originalMessageId);
    }

    private static void deliver(String raw) throws Exception {
        BOUNCES.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
    }

    private static long unseen() throws Exception {
        var folder = MAILBOX.getManagers().getImapHostManager().getInbox(BOUNCES);
        return folder.getMessages().stream().filter(m -> !m.isSet(jakarta.mail.Flags.Flag.SEEN)).count();
    }
}
