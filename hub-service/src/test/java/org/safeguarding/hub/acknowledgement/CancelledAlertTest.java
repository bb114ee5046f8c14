package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.alert.Alert;
import org.safeguarding.hub.alert.AlertRepository;
import org.safeguarding.hub.alert.AlertStatus;
import org.safeguarding.hub.delivery.TestSchools;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * After a cancel, nothing of the alert still looks live: its update reports CANCELLED (in the API and in the lists,
 * which read the repository), nobody is chased, the alert's page says chasing stopped and why, and the Cancel's own
 * page shows what it withdraws and why, not a deadline or severity nobody is asked about.
 */
class CancelledAlertTest extends AcknowledgementTestBase {

    @Autowired
    AlertRepository repository;

    @Test
    void aCancelTakesTheSentUpdateWithItStopsTheChaseAndThePagesSaySo() {
        TestSchools schools = TestSchools.importInto(context, "937", 9_370_001, 2);
        SentAlerts.Sent original = alerts.send(schools, "Withdrawn after its update", null);
        JsonNode update = api.updateAndApprove(original.id(), Map.of("adviceForSchools", "Brief every class teacher"));
        long updateId = update.get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(updateId).get("status").asText()).isEqualTo("SENT"));
        assertThat(repository.stillToBeChased(updateId)).isTrue();

        String reason = "Sent in error: the site named is not the one the police meant.";
        JsonNode cancel = api.cancel(original.id(), reason);
        long cancelId = cancel.get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.status(cancelId).get("status").asText()).isEqualTo("SENT"));

        assertThat(api.status(updateId).get("status").asText()).as("the update of a cancelled alert")
                .isEqualTo("CANCELLED");
        assertThat(repository.findByStatus(EnumSet.of(AlertStatus.SENT), 1000)).extracting(Alert::id)
                .as("the lists' sent alerts").doesNotContain(original.id(), updateId);
        assertThat(repository.findByStatus(EnumSet.of(AlertStatus.CANCELLED), 1000)).extracting(Alert::id)
                .contains(original.id(), updateId);
        assertThat(repository.stillToBeChased(original.id())).isFalse();
        assertThat(repository.stillToBeChased(updateId)).isFalse();

        TestBrowser ops = new TestBrowser(browser.uri("/").getPort())
                .signIn("fanout-raiser", TestAccounts.password("fanout-raiser"));
        for (long message : new long[] {original.id(), updateId}) {
            String page = ops.get("/alerts/" + message).body();
            assertThat(page).as("alert page of " + message).contains("Chasing stopped",
                    "Schools are no longer chased to confirm: the alert was cancelled (" + cancel.get("reference").asText() + ")")
                    .doesNotContain("Chasing schools that have not confirmed", "Not yet chased");
        }
        String cancelPage = ops.get("/alerts/" + cancelId).body();
        assertThat(cancelPage).contains("Withdraws", original.reference() + ": Withdrawn after its update", reason)
                .doesNotContain("Acknowledge by", ">Severity<", "Chasing", "id=\"acknowledged-count\"");
    }
}
