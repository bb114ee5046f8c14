package org.safeguarding.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.support.FreePort;
import org.safeguarding.hub.support.TestHubProperties;
import org.safeguarding.hub.system.HubProperties;
import org.safeguarding.hub.system.Paging;
import org.springframework.ui.ExtendedModelMap;

/**
 * The demo inbox over the real demo SMTP sink: emails arriving out of order (to several mailboxes, as GreenMail files
 * them) are listed newest first, a page at a time, with their times as GOV.UK writes them, in the hub's zone.
 */
class DemoInboxTest {

    private static final int EMAILS = 60;

    private DemoMailSink sink;
    private DemoInboxController inbox;
    private int port;

    @BeforeEach
    void sink() {
        port = FreePort.any();
        HubProperties hub = TestHubProperties.with("demo.smtp-port", Integer.toString(port));
        sink = new DemoMailSink(hub);
        inbox = new DemoInboxController(sink, hub);
    }

    @AfterEach
    void stop() {
        sink.destroy();
    }

    @Test
    void newestFirstPagedWithReadableTimes() throws Exception {
        ZonedDateTime start = ZonedDateTime.parse("2026-11-29T02:00:00Z");
        // sent in a shuffled order, to three mailboxes
        for (int i = 0; i < EMAILS; i++) {
            int minute = (i * 37) % EMAILS;
            send("school" + (i % 3) + "@demo.example", "Email " + minute, Date.from(start.plusMinutes(minute).toInstant()));
        }

        ExtendedModelMap first = new ExtendedModelMap();
        assertThat(inbox.inbox("1", first)).isEqualTo("demo/inbox");
        assertThat(first.get("total")).isEqualTo(EMAILS);
        List<String> subjects = subjects(first);
        assertThat(subjects).hasSize(DemoInboxController.PAGE_SIZE);
        assertThat(subjects.get(0)).isEqualTo("Email " + (EMAILS - 1));
        assertThat(subjects.get(1)).isEqualTo("Email " + (EMAILS - 2));
        assertThat(((Paging) first.get("paging")).pages()).isEqualTo(2);
        assertThat(emails(first).get(4).sent()).as("02:55 UTC is 2:55am in London in November")
                .isEqualTo("29 November 2026, 2:55am");

        ExtendedModelMap second = new ExtendedModelMap();
        inbox.inbox("2", second);
        assertThat(subjects(second)).hasSize(EMAILS - DemoInboxController.PAGE_SIZE)
                .doesNotContainAnyElementsOf(subjects).last().isEqualTo("Email 0");
        assertThat(emails(second).get(0).index()).as("the link to each email is its place in the whole list")
                .isEqualTo(DemoInboxController.PAGE_SIZE);

        ExtendedModelMap nonsense = new ExtendedModelMap();
        inbox.inbox("many", nonsense);
        assertThat(((Paging) nonsense.get("paging")).page()).isEqualTo(1);
    }

    @Test
    void summerTimesAreInBritishSummerTime() {
        HubProperties hub = TestHubProperties.with();
        DemoInboxController london = new DemoInboxController(sink, hub);
        assertThat(london.when(Date.from(ZonedDateTime.parse("2026-07-01T13:30:00Z").toInstant())))
                .isEqualTo("1 July 2026, 2:30pm");
    }

    @SuppressWarnings("unchecked")
    private static List<DemoInboxController.Email> emails(ExtendedModelMap model) {
        return (List<DemoInboxController.Email>) model.get("emails");
    }

    private static List<String> subjects(ExtendedModelMap model) {
        List<String> subjects = new ArrayList<>();
        emails(model).forEach(e -> subjects.add(e.subject()));
        return subjects;
    }

    private void send(String to, String subject, Date sent) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(port));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("alerts@hub.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("Body of " + subject);
        message.setSentDate(sent);
        Transport.send(message);
    }
}
