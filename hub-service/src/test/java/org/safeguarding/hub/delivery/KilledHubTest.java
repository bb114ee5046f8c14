package org.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.safeguarding.hub.account.TestBrowser.basic;
import static org.safeguarding.hub.account.TestBrowser.csrfField;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.delivery.SentMail.Email;
import org.safeguarding.hub.support.FreePort;
import org.safeguarding.hub.support.HubProcess;

/**
 * kill -9 of the embedded default while it is busy sending: what it answered as recorded in that time (schools'
 * acknowledgements, an approval, their audit rows) is there after a restart on the same ./data, and the fan-out it
 * was in the middle of finishes with every school's email sent once (or again with the same Message-ID). The hub is
 * a real process started as the README starts it; the SMTP relay lets emails through a few at a time, so the ledger
 * is committing outcomes all the while.
 */
class KilledHubTest {

    private static final Pattern ACK_LINK = Pattern.compile("/ack/([A-Za-z0-9_-]{20,})");
    private static final int SCHOOLS_CONFIRMING = 6;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path home;

    GreenMail smtp;
    SmtpRelay relay;
    ScheduledExecutorService trickle;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void slowSmtpRelay() {
        smtp = SentMail.smtpServer(0);
        relay = new SmtpRelay(smtp.getSmtp().getPort());
        relay.hold(0);
        trickle = Executors.newSingleThreadScheduledExecutor();
        trickle.scheduleAtFixedRate(() -> relay.letThrough(1), 0, 20, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        trickle.shutdownNow();
        relay.close();
        smtp.stop();
    }

    @Test
    void whatTheHubAnsweredAsRecordedDuringAFanOutSurvivesKillMinus9() throws Exception {
        String[] settings = throughTheRelay();
        long alertId;
        long secondId;
        String reference;
        List<String> confirmed;
        try (HubProcess hub = HubProcess.start(home, "ops", "demo-ops", settings)) {
            HubApi api = HubApi.demo(hub.port());
            JsonNode approved = raiseAndApproveForEverySchool(api, "Killed mid fan-out");
            alertId = approved.get("id").asLong();
            reference = approved.get("reference").asText();
            JsonNode second = api.raise(HubApi.alert("992", "Approved just before the kill", "recorded", true));
            secondId = second.get("id").asLong();

            await().atMost(PATIENCE).until(() -> SentMail.of(smtp, reference).size() >= 2 * SCHOOLS_CONFIRMING);
            assertThat(api.status(alertId).get("status").asText()).as("still going out").isEqualTo("SENDING");
            confirmed = ackTokens(SentMail.of(smtp, reference).values(), SCHOOLS_CONFIRMING);
            TestBrowser school = new TestBrowser(hub.port());
            for (String token : confirmed) {
                String page = "/ack/" + token;
                assertThat(school.postForm(page, ackForm(csrfField(school.get(page).body()))).statusCode())
                        .as("the school is told its confirmation is recorded").isEqualTo(302);
            }
            assertThat(api.approve(second).get("status").asText()).isEqualTo("APPROVED");
            hub.kill();
        }

        trickle.shutdownNow();
        relay.open();
        try (HubProcess hub = HubProcess.start(home, "ops", "demo-ops", settings)) {
            HubApi api = HubApi.demo(hub.port());
            assertThat(api.status(alertId).get("acknowledged").asInt())
                    .as("acknowledgements answered before the kill").isEqualTo(SCHOOLS_CONFIRMING);
            assertThat(api.status(secondId).get("status").asText())
                    .as("an approval answered before the kill").isIn("APPROVED", "SENDING", "SENT");
            assertThat(audited(hub, alertId, "ALERT_ACKNOWLEDGED")).isEqualTo(SCHOOLS_CONFIRMING);
            assertThat(audited(hub, secondId, "ALERT_APPROVED")).isEqualTo(1);

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT");
                assertThat(api.status(secondId).get("status").asText()).isEqualTo("SENT");
            });
            everySchoolToldOnce(api, alertId, reference);
        }
    }

    @Test
    void aFanOutKilledAtAQuarterHalfAndThreeQuartersFinishesWithEverySchoolToldOnce() {
        String[] settings = throughTheRelay();
        long alertId;
        String reference;
        int schools;
        try (HubProcess hub = HubProcess.start(home, "ops", "demo-ops", settings)) {
            HubApi api = HubApi.demo(hub.port());
            JsonNode approved = raiseAndApproveForEverySchool(api, "Killed three times");
            alertId = approved.get("id").asLong();
            reference = approved.get("reference").asText();
            schools = await().atMost(PATIENCE).until(() -> api.status(alertId).get("recipients").asInt(), n -> n > 0);
            killOnceSent(hub, reference, schools / 4);
        }
        for (int quarter = 2; quarter <= 3; quarter++) {
            try (HubProcess hub = HubProcess.start(home, "ops", "demo-ops", settings)) {
                killOnceSent(hub, reference, schools * quarter / 4);
            }
        }
        trickle.shutdownNow();
        relay.open();
        try (HubProcess hub = HubProcess.start(home, "ops", "demo-ops", settings)) {
            HubApi api = HubApi.demo(hub.port());
            everySchoolToldOnce(api, alertId, reference);
        }
    }

    @Test
    void aFanOutKilledWhileItsPlanIsStillBeingWrittenFinishesWithEverySchoolToldOnce() throws Exception {
        // one school per chunk: the plan is written over a few seconds, and schools are told from the first chunk on
        String[] settings = throughTheRelay("hub.fanout.batch-size=1");
        long alertId;
        String reference;
        try (HubProcess hub = HubProcess.start(home, "ops", "demo-ops", settings)) {
            HubApi api = HubApi.demo(hub.port());
            JsonNode approved = raiseAndApproveForEverySchool(api, "Killed mid plan");
            alertId = approved.get("id").asLong();
            reference = approved.get("reference").asText();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
                    .until(() -> !SentMail.of(smtp, reference).isEmpty());
            hub.kill();
        }
        int plannedBeforeTheKill = planned(alertId);

        trickle.shutdownNow();
        relay.open();
        try (HubProcess hub = HubProcess.start(home, "ops", "demo-ops", settings)) {
            HubApi api = HubApi.demo(hub.port());
            JsonNode email = everySchoolToldOnce(api, alertId, reference);
            assertThat(plannedBeforeTheKill).as("killed with part of the plan written, the first schools told")
                    .isGreaterThan(0).isLessThan(planned(alertId, hub));
            assertThat(email.get("sent").asInt()).as("every reachable school of the three areas")
                    .isEqualTo(api.status(alertId).get("recipients").asInt() - email.get("unreachable").asInt());
        }
    }

    /** The hub's settings to send through the slow relay, and {@code more}. */
    private String[] throughTheRelay(String... more) {
        List<String> settings = new ArrayList<>(List.of("spring.mail.host=127.0.0.1",
                "spring.mail.port=" + relay.port(), "hub.demo.smtp-port=" + FreePort.any()));
        settings.addAll(List.of(more));
        return settings.toArray(String[]::new);
    }

    /** An alert to every school of the three test areas, raised and approved. */
    private static JsonNode raiseAndApproveForEverySchool(HubApi api, String title) {
        Map<String, Object> wholeArea = HubApi.alert("991", title, "every school once", true);
        wholeArea.put("target", Map.of("localAuthorities", List.of("991", "992", "993")));
        return api.raiseAndApprove(wholeArea);
    }

    /**
     * Waits for the alert to be SENT, then: nothing left queued, nothing failed, and one email per school sent, each
     * under its own Message-ID (a repeat after a crash keeps it, so the mailbox has no more than the ledger says).
     *
     * @return the alert's email deliveries as its status reports them
     */
    private JsonNode everySchoolToldOnce(HubApi api, long alertId, String reference) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.status(alertId).get("status").asText()).isEqualTo("SENT"));
        JsonNode email = api.status(alertId).get("deliveries").get("EMAIL");
        assertThat(email.get("queued").asInt()).as("no delivery left to send").isZero();
        assertThat(email.get("failed").asInt()).isZero();
        assertThat(SentMail.of(smtp, reference)).as("each school's email under one Message-ID")
                .hasSize(email.get("sent").asInt());
        return email;
    }

    /** The alert's delivery rows in the killed hub's database file, read with the hub down. */
    private int planned(long alertId) throws Exception {
        try (var db = java.sql.DriverManager.getConnection("jdbc:h2:file:" + home.resolve("data/db/hub")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
                var count = db.prepareStatement("select count(*) from delivery where alert_id = ?")) {
            count.setLong(1, alertId);
            try (var rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The same count from the running hub: its recipients, whatever became of them. */
    private int planned(long alertId, HubProcess hub) {
        return HubApi.demo(hub.port()).status(alertId).get("recipients").asInt();
    }

    /** Lets the fan-out go on until {@code emails} have been sent, then kill -9. */
    private void killOnceSent(HubProcess hub, String reference, int emails) {
        await().atMost(PATIENCE).until(() -> SentMail.of(smtp, reference).size() >= emails);
        hub.kill();
    }

    private static List<String> ackTokens(Iterable<Email> emails, int how) {
        List<String> tokens = new ArrayList<>();
        for (Email email : emails) {
            Matcher link = ACK_LINK.matcher(email.text());
            if (link.find() && tokens.size() < how) {
                tokens.add(link.group(1));
            }
        }
        assertThat(tokens).hasSize(how);
        return tokens;
    }

    private static Map<String, String> ackForm(String csrf) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrf);
        form.put("name", "Dana Lead");
        form.put("role", "Designated safeguarding lead");
        form.put("actions", "Staff briefed");
        return form;
    }

    private long audited(HubProcess hub, long alertId, String action) throws Exception {
        String body = new TestBrowser(hub.port()).send(HttpRequest.newBuilder(hub.uri("/api/v1/audit?alert=" + alertId))
                .header("Accept", "application/json").header("Authorization", basic("ops", "demo-ops")).build()).body();
        return StreamSupport.stream(json.readTree(body).spliterator(), false)
                .filter(event -> event.get("action").asText().equals(action)).count();
    }
}
