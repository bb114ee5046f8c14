package org.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.alert.AlertApiTestBase;
import org.safeguarding.hub.alert.AlertFixtures;

/**
 * Errors in plain words: a wrong value is answered with the values allowed, never a Java type; a bad or unknown
 * address on a page gets the GOV.UK error page, while the API keeps its problem JSON.
 */
class PlainErrorsTest extends AlertApiTestBase {

    private static final String ADMIN = "plain-admin";
    private static final String RAISER = "plain-raiser";

    @BeforeEach
    void accounts() {
        account(ADMIN, Role.ADMIN);
        account(RAISER, Role.RAISER);
    }

    @Test
    void theAlertApiSaysWhatAValueMustBeWithoutNamingJavaTypes() {
        Map<String, Object> badSeverity = AlertFixtures.alertJson("Plain words");
        badSeverity.put("severity", "CATASTROPHIC");
        assertDetail(api.raise(RAISER, badSeverity), "severity must be one of EXTREME, SEVERE, MODERATE or MINOR");

        Map<String, Object> badDeadline = AlertFixtures.alertJson("Plain words");
        badDeadline.put("ackDeadline", "tomorrow");
        assertDetail(api.raise(RAISER, badDeadline), "ackDeadline must be a date and time like 2026-11-29T17:30:00Z");

        Map<String, Object> badTarget = AlertFixtures.alertJson("Plain words");
        badTarget.put("target", "everyone");
        assertDetail(api.raise(RAISER, badTarget), "target must be an object");

        Map<String, Object> badChannel = AlertFixtures.alertJson("Plain words");
        badChannel.put("channels", java.util.List.of("FAX"));
        assertDetail(api.raise(RAISER, badChannel), "channels.[0] must be one of EMAIL, SMS or MIS");

        HttpResponse<String> notAnObject = api.post(RAISER, "/api/v1/alerts", "application/json",
                BodyPublishers.ofString("\"an alert\""));
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(notAnObject.body()).doesNotContain("org.safeguarding", "AlertContent", "java.");
    }

    @Test
    void theNewAccountFormListsTheRolesForAnUnknownOne() {
        TestBrowser admin = new TestBrowser(port).signIn(ADMIN, TestAccounts.password(ADMIN));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", TestBrowser.csrfField(admin.get("/accounts/new").body()));
        form.put("username", "plain-new");
        form.put("displayName", "New Person");
        form.put("organisation", "Test organisation");
        form.put("email", "plain-new@test.example");
        form.put("role", "EMPEROR");
        form.put("password", "a long enough passphrase");

        HttpResponse<String> page = admin.postForm("/accounts/new", form);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Role must be one of RAISER, APPROVER, OPS or ADMIN")
                .doesNotContain("org.safeguarding", "java.lang", "Failed to convert");
        assertThat(accounts.exists("plain-new")).isFalse();
    }

    @Test
    void aBadOrUnknownAddressOnAPageGetsTheGovUkErrorPage() {
        TestBrowser admin = new TestBrowser(port).signIn(ADMIN, TestAccounts.password(ADMIN));

        assertErrorPage(admin.get("/directory/schools/abc"), 400, "There is a problem with the web address");
        assertErrorPage(admin.get("/directory/schools/99999999999999999999"), 400,
                "There is a problem with the web address");
        assertErrorPage(admin.get("/directory/schools/987999"), 404, "Page not found");
        assertErrorPage(admin.get("/alerts/abc"), 400, "There is a problem with the web address");
        assertErrorPage(admin.get("/alerts/999999999"), 404, "Page not found");
        TestBrowser raiser = new TestBrowser(port).signIn(RAISER, TestAccounts.password(RAISER));
        assertErrorPage(raiser.get("/alerts/999999999/edit"), 404, "Page not found");
    }

    @Test
    void theApiKeepsItsProblemJsonForBadAddresses() {
        HttpResponse<String> bad = api.get(ADMIN, "/api/v1/directory/schools/abc", "application/json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> unknown = api.get(ADMIN, "/api/v1/directory/schools/987999", "application/json");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.read(unknown).get("detail").asText()).isEqualTo("No establishment with URN 987999");
    }

    private void assertDetail(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(api.read(response).get("detail").asText()).isEqualTo(detail);
        assertThat(response.body()).doesNotContain("org.safeguarding", "java.");
    }

    private static void assertErrorPage(HttpResponse<String> response, int status, String heading) {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("govuk-heading-l", heading).doesNotContain("\"status\"");
    }
}
