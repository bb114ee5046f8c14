package org.safeguarding.hub.chase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.safeguarding.hub.account.TestBrowser.csrfField;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.acknowledgement.SentAlerts;
import org.safeguarding.hub.acknowledgement.SentAlerts.Sent;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.TestSchools;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Alerts sent through the real flow for the chase tests, schools acknowledging them through their links, and what the
 * chase then wrote in the ledger and the SMTP server received: read back, never computed by the test.
 */
final class ChasedAlerts {

    static final Pattern DELIVERY_ID = Pattern.compile("<delivery-(\\d+)\\.");

    /** One chase delivery as the ledger holds it: a reminder has a school, a digest an addressee. */
    record Delivery(long id, Long urn, String addressee, String status, String recipient, String lastError) {
    }

    private final ApplicationContext context;
    private final GreenMail smtp;
    private final JdbcClient jdbc;
    private final SentAlerts sent;

    /**
     * Empties {@code smtp} first: the tests sharing it run in other Spring contexts, each with a database of its own,
     * whose alert references can be these ones again.
     */
    ChasedAlerts(ApplicationContext context, GreenMail smtp, SentAlerts sent) throws FolderException {
        smtp.purgeEmailFromAllMailboxes();
        this.context = context;
        this.smtp = smtp;
        this.jdbc = context.getBean(JdbcClient.class);
        this.sent = sent;
    }

    /** Sends an alert to a local authority of its own: one school with leads, one with a head only, one unreachable. */
    Sent sendTo(String laCode, long firstUrn, String severity, Instant deadline, boolean exercise) {
        return send(TestSchools.importInto(context, laCode, firstUrn, 1), severity, deadline, exercise);
    }

    /** Raises, approves and sends an alert of {@code severity} for {@code schools}, due to be acknowledged by {@code deadline}. */
    Sent send(TestSchools schools, String severity, Instant deadline, boolean exercise) {
        Map<String, Object> alert = HubApi.alert(schools.laCode(), severity + " alert for LA " + schools.laCode(),
                "children are being coerced on a video-chat site", exercise);
        alert.put("severity", severity);
        alert.put("ackDeadline", deadline.toString());
        alert.put("expires", deadline.plus(Duration.ofDays(14)).toString());
        return sent.send(schools, alert);
    }

    /** The school confirms through its link, as a school does: GET the page, POST the form. */
    void acknowledge(Sent alert, long urn) {
        TestBrowser browser = new TestBrowser(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        String path = "/ack/" + alert.token(urn);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrfField(browser.get(path).body()));
        form.put("name", "Dana Lead");
        form.put("role", "Designated safeguarding lead");
        form.put("actions", "Staff briefed");
        HttpResponse<String> confirmed = browser.postForm(path, form);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(302);
    }

    /**
     * Waits until the alert's deliveries for {@code step} number {@code rows} and each is final (sent, failed or
     * unreachable), and returns them by school URN, or by addressee for a digest.
     */
    Map<String, Delivery> awaitStep(long alertId, ChaseStep step, int rows) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql("""
                select count(*) from delivery where alert_id = :alertId and purpose = :step
                  and status in ('SENT', 'FAILED', 'UNREACHABLE')""")
                .param("alertId", alertId).param("step", step.name()).query(Integer.class).single())
                .as(step + " deliveries of alert " + alertId).isEqualTo(rows));
        return step(alertId, step);
    }

    Map<String, Delivery> step(long alertId, ChaseStep step) {
        Map<String, Delivery> byKey = new TreeMap<>();
        jdbc.sql("""
                select id, urn, addressee, status, recipient, last_error from delivery
                where alert_id = :alertId and purpose = :step""")
                .param("alertId", alertId).param("step", step.name())
                .query((rs, n) -> new Delivery(rs.getLong("id"), rs.getObject("urn", Long.class), rs.getString("addressee"),
                        rs.getString("status"), rs.getString("recipient"), rs.getString("last_error")))
                .list()
                .forEach(d -> byKey.put(d.urn() != null ? d.urn().toString() : d.addressee(), d));
        return byKey;
    }

    /** The emails the SMTP server received for the alert's {@code step} deliveries, by delivery id. */
    Map<Long, SentMail.Email> emails(Sent alert, ChaseStep step) {
        List<Long> ids = jdbc.sql("select id from delivery where alert_id = :alertId and purpose = :step")
                .param("alertId", alert.id()).param("step", step.name()).query(Long.class).list();
        Map<Long, SentMail.Email> emails = new TreeMap<>();
        SentMail.of(smtp, alert.reference()).values().forEach(email -> {
            Matcher id = DELIVERY_ID.matcher(email.messageId());
            assertThat(id.find()).as(email.messageId()).isTrue();
            if (ids.contains(Long.parseLong(id.group(1)))) {
                assertThat(emails.put(Long.parseLong(id.group(1)), email)).as("one email per delivery").isNull();
            }
        });
        return emails;
    }

    /** Waits until the chase route has run twice since now: at least one whole run saw the hub as it is now. */
    static void twoChaseRuns(CamelContext camel) {
        NotifyBuilder runs = new NotifyBuilder(camel).fromRoute("chase").whenCompleted(2).create();
        assertThat(runs.matches(30, TimeUnit.SECONDS)).as("two runs of the chase route").isTrue();
    }
}
