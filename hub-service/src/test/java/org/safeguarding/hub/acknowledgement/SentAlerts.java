package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.TestSchools;

/**
 * Alerts sent through the real flow (API raise and approve, outbox, fan-out, SMTP into GreenMail), and each school's
 * acknowledgement token as its email carries it: what a school actually receives, not what a test computes.
 */
public final class SentAlerts {

    /** The link as the email carries it (hub.public-base-url=https://alerts.example.org.uk). */
    public static final Pattern ACK_LINK = Pattern.compile("https://alerts\\.example\\.org\\.uk/ack/([^\\s\"<>]+)");

    /** One sent alert: its id and reference, and each emailed school's token by URN. */
    public record Sent(long id, String reference, Map<Long, String> tokens) {
        public String token(long urn) {
            return tokens.get(urn);
        }

        long firstUrn() {
            return tokens.keySet().iterator().next();
        }
    }

    private final HubApi api;
    private final GreenMail smtp;

    public SentAlerts(HubApi api, GreenMail smtp) {
        this.api = api;
        this.smtp = smtp;
    }

    /** Raises and approves an alert for the schools of {@code schools}' LA, waits until it is SENT, reads the links. */
    Sent send(TestSchools schools, String title, String parentLetter) {
        Map<String, Object> alert = HubApi.alert(schools.laCode(), title, "pupils shared " + title, false);
        if (parentLetter != null) {
            alert.put("parentLetter", parentLetter);
        }
        return send(schools, alert);
    }

    /** Raises and approves {@code alert} (DESIGN's JSON) for {@code schools}, waits until it is SENT, reads the links. */
    public Sent send(TestSchools schools, Map<String, Object> alert) {
        return sent(schools, api.raiseAndApprove(alert));
    }

    /**
     * Waits until the approved message (an alert, or an update of one) is SENT, and reads the links of the schools'
     * emails.
     */
    Sent sent(TestSchools schools, JsonNode approved) {
        long id = approved.get("id").asLong();
        String reference = approved.get("reference").asText();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(id).get("status").asText()).isEqualTo("SENT"));
        Map<String, SentMail.Email> emails = SentMail.of(smtp, reference);
        Map<Long, String> tokens = new TreeMap<>();
        schools.emailedTo().forEach((urn, to) -> {
            SentMail.Email email = SentMail.to(emails, to.iterator().next());
            Matcher link = ACK_LINK.matcher(email.text());
            assertThat(link.find()).as("an acknowledgement link in\n" + email.text()).isTrue();
            tokens.put(urn, link.group(1));
        });
        return new Sent(id, reference, tokens);
    }
}
