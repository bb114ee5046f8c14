package org.safeguarding.hub.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.safeguarding.hub.account.TestBrowser.csrfField;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.acknowledgement.AcknowledgementTestBase;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.demo.notify.NotifySimulator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The chase by text: an EXTREME or SEVERE alert's first reminder goes by text as well as by email; a MODERATE's not. */
@TestPropertySource(properties = {
        "hub.chase.poll-interval=200",
        "hub.sms.enabled=true",
        "hub.sms.simulator.enabled=true",
        "hub.sms.simulator.receipt-delay=100ms",
        "hub.sms.notify.base-url=http://127.0.0.1:${local.server.port}/demo/notify",
        "hub.sms.notify.api-key=" + SmsChannelTest.API_KEY,
        "hub.sms.notify.template-id=" + SmsChannelTest.TEMPLATE,
        "hub.sms.notify.callback-token=" + SmsChannelTest.CALLBACK_TOKEN,
        "hub.sms.simulator.api-key=${hub.sms.notify.api-key}",
        "hub.sms.simulator.template-id=${hub.sms.notify.template-id}",
        "hub.sms.simulator.callback-url=http://127.0.0.1:${local.server.port}/api/v1/sms/receipts",
        "hub.sms.simulator.callback-token=${hub.sms.notify.callback-token}"})
class SmsChaseTest extends AcknowledgementTestBase {

    @Autowired
    NotifySimulator simulator;
    @Autowired
    AcknowledgementLinks links;

    @Test
    void anExtremeAlertsFirstReminderGoesByTextToTheSchoolsStillSilent() {
        SmsSchools schools = SmsSchools.importInto(context, "841", 8_410_001, 0, "07700900410");
        CLOCK.set(Instant.parse("2031-02-11T09:00:00Z"));
        Instant deadline = Instant.parse("2031-02-11T11:00:00Z");
        long alertId = send("841", "EXTREME", deadline);
        String reference = api.status(alertId).get("reference").asText();
        long ownNumber = schools.textedTo().keySet().iterator().next();
        acknowledge(alertId, ownNumber);
        acknowledge(alertId, schools.sharing().get(0));

        CLOCK.set(deadline);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(reminders(reference))
                .as("one text per number of the schools still silent")
                .hasSize((int) schools.numbers() - 1));
        List<NotifySimulator.Text> reminders = reminders(reference);
        assertThat(reminders.stream().map(NotifySimulator.Text::phoneNumber).collect(Collectors.toSet()))
                .doesNotContain(schools.textedTo().get(ownNumber)).contains(schools.sharedMobile());
        assertThat(reminders).allSatisfy(text -> assertThat(text.body())
                .startsWith("REMINDER: EXTREME safeguarding alert " + reference));
        NotifySimulator.Text shared = reminders.stream()
                .filter(t -> t.phoneNumber().equals(schools.sharedMobile())).findFirst().orElseThrow();
        assertThat(shared.body()).as("the two of its schools still silent").contains("2 schools");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql("""
                select count(*) from delivery where alert_id = :id and purpose = 'FIRST_REMINDER' and channel = 'SMS'
                  and status = 'DELIVERED'""").param("id", alertId).query(Integer.class).single())
                .isEqualTo(schools.textedTo().size() - 2));
    }

    @Test
    void aModerateAlertIsRemindedByEmailOnly() {
        SmsSchools.importInto(context, "842", 8_420_001, 0, "07700900420");
        CLOCK.set(Instant.parse("2031-02-12T09:00:00Z"));
        Instant deadline = Instant.parse("2031-02-13T09:00:00Z");
        long alertId = send("842", "MODERATE", deadline);
        CLOCK.set(deadline);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql(
                "select count(*) from chase_step where alert_id = :id").param("id", alertId).query(Integer.class)
                .single()).isEqualTo(1));
        assertThat(jdbc.sql("select count(*) from delivery where alert_id = :id and purpose <> 'ALERT'"
                + " and channel = 'SMS'").param("id", alertId).query(Integer.class).single()).isZero();
    }

    private long send(String laCode, String severity, Instant deadline) {
        Map<String, Object> alert = HubApi.alert(laCode, severity + " alert for LA " + laCode,
                "children are being coerced on a video-chat site", false);
        alert.put("severity", severity);
        alert.put("channels", List.of("EMAIL", "SMS"));
        alert.put("ackDeadline", deadline.toString());
        alert.put("expires", deadline.plus(Duration.ofDays(14)).toString());
        long alertId = api.raiseAndApprove(alert).get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));
        return alertId;
    }

    private List<NotifySimulator.Text> reminders(String reference) {
        return simulator.texts().stream().filter(t -> t.body().contains(reference) && t.body().startsWith("REMINDER"))
                .toList();
    }

    private void acknowledge(long alertId, long urn) {
        String path = "/ack/" + links.token(alertId, urn);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrfField(browser.get(path).body()));
        form.put("name", "Dana Lead");
        form.put("role", "Designated safeguarding lead");
        form.put("actions", "Staff briefed");
        HttpResponse<String> confirmed = browser.postForm(path, form);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(302);
    }
}
