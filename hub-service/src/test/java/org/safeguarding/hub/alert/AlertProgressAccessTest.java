package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;

/**
 * The alert page's progress JSON behind the page's own sign-in: who may see the alert page may read its progress, a
 * raiser of another organisation may read neither, and a signed-out caller is sent to sign in.
 */
class AlertProgressAccessTest extends AlertApiTestBase {

    static final String RAISER = "progress-raiser";
    static final String OTHER_RAISER = "progress-other-raiser";
    static final String CHAIR = "progress-chair";
    static final String OPS = "progress-ops";
    static final String ADMIN = "progress-admin";

    @BeforeEach
    void accounts() {
        account(RAISER, Role.RAISER);
        TestAccounts.ensure(accounts, passwords, OTHER_RAISER, Role.RAISER, "Another police force");
        account(CHAIR, Role.APPROVER);
        account(OPS, Role.OPS);
        account(ADMIN, Role.ADMIN);
    }

    @Test
    void whoMaySeeTheAlertPageReadsItsProgressAndNobodyElse() {
        long id = api.raised(RAISER, AlertFixtures.alertJson("Progress for the page"));
        assertThat(api.approve(CHAIR, id).statusCode()).isEqualTo(200);

        for (String user : new String[] {RAISER, CHAIR, OPS, ADMIN}) {
            TestBrowser browser = signedIn(user);
            HttpResponse<String> progress = json(browser, "/alerts/" + id + "/progress");
            assertThat(progress.statusCode()).as(user).isEqualTo(200);
            assertThat(progress.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode body = api.read(progress);
            assertThat(body.get("id").asLong()).isEqualTo(id);
            assertThat(body.get("status").asText()).as("the outbox relay waits an hour here").isEqualTo("APPROVED");
            assertThat(body.get("statusText").asText()).isEqualTo("Approved");
            assertThat(body.get("live").asBoolean()).as("approved: going out").isTrue();
            assertThat(body.get("channels").has("EMAIL")).isTrue();
            assertThat(browser.get("/alerts/" + id).statusCode()).as(user + " page").isEqualTo(200);
        }

        TestBrowser other = signedIn(OTHER_RAISER);
        assertThat(json(other, "/alerts/" + id + "/progress").statusCode()).as("another organisation's raiser")
                .isEqualTo(403);
        assertThat(other.get("/alerts/" + id).statusCode()).as("nor its page").isEqualTo(403);

        // signed out: a script asking for JSON is told 401, a browser is sent to sign in
        assertThat(json(new TestBrowser(port), "/alerts/" + id + "/progress").statusCode()).as("signed out, JSON")
                .isEqualTo(401);
        HttpResponse<String> anonymous = new TestBrowser(port).get("/alerts/" + id + "/progress");
        assertThat(anonymous.statusCode()).as("signed out, a browser").isEqualTo(302);
        assertThat(TestBrowser.location(anonymous)).endsWith("/sign-in");

        assertThat(json(signedIn(CHAIR), "/alerts/999999999/progress").statusCode()).isEqualTo(404);
    }

    @Test
    void theApiDoorIsNotWidened() {
        long id = api.raised(RAISER, AlertFixtures.alertJson("Progress is not an API"));
        // /api/** stays Basic only: a session cookie opens nothing there
        TestBrowser browser = signedIn(CHAIR);
        HttpResponse<String> api = json(browser, "/api/v1/alerts/" + id);
        assertThat(api.statusCode()).isEqualTo(401);
    }

    private TestBrowser signedIn(String user) {
        return new TestBrowser(port).signIn(user, TestAccounts.password(user));
    }

    private static HttpResponse<String> json(TestBrowser browser, String path) {
        return browser.send(HttpRequest.newBuilder(browser.uri(path)).header("Accept", "application/json").GET().build());
    }
}
