package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.alert.CapDocuments.text;
import static org.safeguarding.hub.delivery.TestSchools.address;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.alert.AlertRepository;
import org.safeguarding.hub.alert.CapDocuments;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.safeguarding.hub.delivery.TestSchools;
import org.safeguarding.hub.routes.chase.ChasePlanner;
import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.w3c.dom.Document;

/**
 * The all-clear on a real PostgreSQL (its response_type column from V18 included), through the real flow into
 * GreenMail: every school the alert went to is told, the one that acknowledged too; its CAP validates; the chase, run
 * once after the deadline, reminds nobody of the resolved alert while it chases another alert due at the same time.
 * The clock is in 2034, so that these references are none that other contexts sent into the shared GreenMail.
 */
@TestPropertySource(properties = "hub.chase.poll-interval=3600000") // the test runs the chase itself, once
@DirtiesContext
class ResolvePostgresTest extends AcknowledgementTestBase implements OnRealPostgres {

    static final Instant RAISED = Instant.parse("2034-03-06T09:00:00Z");
    static final Instant DEADLINE = Instant.parse("2034-03-06T11:00:00Z");

    @Autowired
    AlertRepository repository;
    @Autowired
    ChasePlanner chase;

    @Test
    void theAllClearReachesEverySchoolAndEndsTheChaseOnPostgres() throws Exception {
        assertThat(jdbc.sql("select version()").query(String.class).single()).startsWith("PostgreSQL ");
        CLOCK.set(RAISED);
        TestSchools schools = TestSchools.importInto(context, "941", 9_410_001, 2);
        TestSchools elsewhere = TestSchools.importInto(context, "942", 9_420_001, 1);
        SentAlerts.Sent original = alerts.send(schools, alert(schools, "Resolved on PostgreSQL"));
        SentAlerts.Sent stillChased = alerts.send(elsewhere, alert(elsewhere, "Chased as usual"));
        long acknowledged = schools.headOnly();
        acknowledge(original.token(acknowledged));

        Resolutions resolutions = new Resolutions(context, api);
        JsonNode resolved = resolutions.resolveAndApprove(original.id(), "The site is down: all clear.");
        long resolveId = resolved.get("id").asLong();
        String reference = resolved.get("reference").asText();
        Map<String, Email> emails = SentMail.of(SMTP, reference);
        assertThat(emails.values().stream().map(Email::to).collect(Collectors.toSet()))
                .isEqualTo(new HashSet<>(schools.emailedTo().values()));
        assertThat(SentMail.to(emails, address("head", acknowledged)).subject()).as("to the school that acknowledged")
                .isEqualTo("RESOLVED: SEVERE safeguarding alert " + reference + ": Resolved on PostgreSQL");
        assertThat(emails.values()).allSatisfy(email -> assertThat(email.text()).doesNotContain("/ack/"));
        Document cap = CapDocuments.valid(resolutions.http, Resolutions.CHAIR, resolveId);
        assertThat(text(cap, "responseType")).isEqualTo("AllClear");
        assertThat(text(cap, "references")).contains(text(CapDocuments.valid(resolutions.http, Resolutions.CHAIR,
                original.id()), "identifier"));

        CLOCK.set(DEADLINE.plus(Duration.ofMinutes(1)));
        int chased = chase.planDueSteps();
        assertThat(chased).as("schools chased").isEqualTo(deliveries(stillChased.id(), "FIRST_REMINDER")).isPositive();
        for (long message : List.of(original.id(), resolveId)) {
            assertThat(repository.stillToBeChased(message)).isFalse();
            assertThat(jdbc.sql("select count(*) from delivery where alert_id = :id and purpose <> 'ALERT'")
                    .param("id", message).query(Integer.class).single()).as("reminders of " + message).isZero();
        }
    }

    /** DESIGN's alert JSON for the schools of one LA, to be acknowledged by {@link #DEADLINE}. */
    private static Map<String, Object> alert(TestSchools schools, String title) {
        Map<String, Object> alert = HubApi.alert(schools.laCode(), title, "pupils shared " + title, false);
        alert.put("ackDeadline", DEADLINE.toString());
        alert.put("expires", DEADLINE.plus(Duration.ofDays(14)).toString());
        return alert;
    }

    private int deliveries(long alertId, String purpose) {
        return jdbc.sql("select count(*) from delivery where alert_id = :id and purpose = :purpose")
                .param("id", alertId).param("purpose", purpose).query(Integer.class).single();
    }
}
