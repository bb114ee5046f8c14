package org.safeguarding.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.alert.AlertApiTestBase;
import org.safeguarding.hub.alert.AlertFixtures;

/** Who reads the audit trail: ADMIN and OPS, on the API and the page; nobody else. */
// the outbox relay waits an hour: the fan-out's own audit rows (sending, sent) are not what these tests count
class AuditAccessTest extends AlertApiTestBase {

    private static final String RAISER = "audit-access-raiser";
    private static final String CHAIR = "audit-access-chair";
    private static final String ADMIN = "audit-access-admin";
    private static final String OPS = "audit-access-ops";

    long alert;
    long otherAlert;

    @BeforeEach
    void anAlertWithAHistory() throws Exception {
        account(RAISER, Role.RAISER);
        account(CHAIR, Role.APPROVER);
        account(ADMIN, Role.ADMIN);
        account(OPS, Role.OPS);
        alert = api.raised(RAISER, AlertFixtures.alertJson("Audit access"));
        assertThat(api.approve(CHAIR, alert).statusCode()).isEqualTo(200);
        otherAlert = api.raised(RAISER, AlertFixtures.alertJson("Another alert"));
    }

    @Test
    void adminAndOpsReadOneAlertsTrailOnTheApi() {
        for (String reader : List.of(ADMIN, OPS)) {
            HttpResponse<String> response = api.get(reader, "/api/v1/audit?alert=" + alert, "application/json");

            assertThat(response.statusCode()).as(reader).isEqualTo(200);
            JsonNode events = api.read(response);
            assertThat(events.findValuesAsText("subjectId")).as(reader).containsOnly(Long.toString(alert));
            assertThat(events.findValuesAsText("action")).as(reader)
                    .containsExactly("ALERT_APPROVED", "ALERT_SUBMITTED", "ALERT_RAISED");
            assertThat(events.get(0).get("actor").asText()).isEqualTo(CHAIR);
        }
    }

    @Test
    void adminAndOpsReadOneAlertsTrailOnThePage() {
        for (String reader : List.of(ADMIN, OPS)) {
            HttpResponse<String> page = new TestBrowser(port).signIn(reader, TestAccounts.password(reader))
                    .get("/audit?alert=" + alert);

            assertThat(page.statusCode()).as(reader).isEqualTo(200);
            assertThat(page.body()).contains("id=\"audit-events\"").contains(">Alert approved<")
                    .contains(CHAIR + " (approver)").contains("href=\"/alerts/" + alert + "\"")
                    .doesNotContain("href=\"/alerts/" + otherAlert + "\"");
        }
    }

    @Test
    void raisersAndApproversMayNotReadTheTrail() {
        for (String user : List.of(RAISER, CHAIR)) {
            HttpResponse<String> apiResponse = api.get(user, "/api/v1/audit?alert=" + alert, "application/json");
            assertThat(apiResponse.statusCode()).as(user).isEqualTo(403);
            assertThat(apiResponse.body()).doesNotContain("ALERT_RAISED");
            assertThat(api.get(user, "/api/v1/audit", "application/json").statusCode()).as(user).isEqualTo(403);

            TestBrowser browser = new TestBrowser(port).signIn(user, TestAccounts.password(user));
            HttpResponse<String> page = browser.get("/audit?alert=" + alert);
            assertThat(page.statusCode()).as(user).isEqualTo(403);
            assertThat(page.body()).doesNotContain("ALERT_RAISED");
        }
        assertThat(api.get(null, "/api/v1/audit?alert=" + alert, "application/json").statusCode()).isEqualTo(401);
    }
}
