package org.safeguarding.hub.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertContent;
import org.safeguarding.hub.alert.AlertFixtures;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.support.FreePort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The mail server is down when an alert is submitted: the approver's notice waits in the database, is tried again,
 * and arrives once the server is back.
 */
@SpringBootTest(properties = {
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.alerts.reference-prefix=APNDOWN",
        "hub.approval-notices.poll-interval=200"})
@ActiveProfiles("test")
class ApprovalNoticeOutageTest {

    static final int SMTP_PORT = FreePort.any();
    static final GreenMail SMTP = SentMail.smtpServer(SMTP_PORT);

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Autowired
    AlertService alerts;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EstablishmentImport schools;
    @Autowired
    ContactImport contacts;

    @Test
    void aNoticeWrittenWhileTheMailServerIsDownArrivesWhenItIsBack() throws IOException {
        AlertFixtures.importDirectory(schools, contacts);
        accounts.create(new Account("down-raiser", passwords.encode("pw-down-raiser"), "Raiser", "Police", Role.RAISER,
                true, "down-raiser@police.example", null));
        accounts.create(new Account("down-chair", passwords.encode("pw-down-chair"), "Chair", "Partnership",
                Role.APPROVER, true, "down-chair@partnership.example", null));
        SMTP.stop();
        Alert submitted;
        try {
            AlertContent content = AlertFixtures.content("Sent while the mail server is down", OffsetDateTime.now());
            submitted = alerts.raise(content, "down-raiser", true);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                    select count(*) from approval_notice
                    where alert_id = :id and status = 'QUEUED' and attempts > 0 and last_error is not null""")
                    .param("id", submitted.id()).query(Integer.class).single() == 1);
        } finally {
            SMTP.start();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> !SentMail.approvalNotices(SMTP, submitted.reference()).isEmpty());
        Map<String, SentMail.Email> emails = SentMail.approvalNotices(SMTP, submitted.reference());
        SentMail.Email email = SentMail.to(emails, "down-chair@partnership.example");
        assertThat(email.subject()).startsWith("Approval needed: SEVERE alert " + submitted.reference());
        assertThat(email.copies()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select status from approval_notice where alert_id = :id").param("id", submitted.id())
                .query(String.class).single().equals("SENT"));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'APPROVAL_NOTICE_SENT' and subject_id = :id")
                .param("id", String.valueOf(submitted.id())).query(Integer.class).single()).isEqualTo(1);
    }
}
