package org.safeguarding.hub.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.safeguarding.hub.account.TestBrowser.basic;
import static org.safeguarding.hub.account.TestBrowser.location;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/** The two doors of SecurityConfiguration, over real HTTP: API with Basic, pages with form login and CSRF. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
// Spring Boot switches metrics export (and with it /actuator/prometheus) off in tests unless asked for
@AutoConfigureObservability(tracing = false)
class SecurityTest {

    private static final String RAISER = "sec-raiser";
    private static final String ADMIN = "sec-admin";
    private static final String OPS = "sec-ops";
    private static final String MEMORY = "/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage";

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    JdbcClient jdbc;

    TestBrowser browser;

    @BeforeEach
    void accountsForEachRole() {
        TestAccounts.ensure(accounts, passwords, RAISER, Role.RAISER);
        TestAccounts.ensure(accounts, passwords, ADMIN, Role.ADMIN);
        TestAccounts.ensure(accounts, passwords, OPS, Role.OPS);
        browser = new TestBrowser(port);
    }

    @Test
    void anonymousBrowserIsSentToSignIn() {
        for (String page : List.of("/", "/directory", "/account")) {
            HttpResponse<String> response = browser.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(location(response)).as(page).endsWith("/sign-in");
        }
    }

    @Test
    void anonymousApiCallIsAskedForBasicCredentials() {
        HttpResponse<String> response = api("GET", "/api/v1/directory/schools/1", null, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic realm="));
    }

    @Test
    void apiRefusesWrongPassword() {
        HttpResponse<String> wrong = api("GET", "/api/v1/directory/schools/1", basic(ADMIN, "not-the-password"), null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> right = api("GET", "/api/v1/directory/schools/1", basic(ADMIN, TestAccounts.password(ADMIN)), null);
        assertThat(right.statusCode()).as("the same account with its password gets past security").isEqualTo(404);
    }

    @Test
    void onlyAdminImportsTheDirectory() {
        String csv = "URN,EstablishmentName\n990001,Security Test School\n";
        HttpResponse<String> raiser = api("POST", "/api/v1/directory/schools", basic(RAISER, TestAccounts.password(RAISER)), csv);
        assertThat(raiser.statusCode()).isEqualTo(403);
        HttpResponse<String> admin = api("POST", "/api/v1/directory/schools", basic(ADMIN, TestAccounts.password(ADMIN)), csv);
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        assertThat(admin.body()).contains("\"rejected\":[]");
    }

    @Test
    void opsToolsAreForbiddenToOtherRoles() {
        for (String user : List.of(RAISER, ADMIN)) {
            for (String path : List.of("/actuator/camel", "/actuator/hawtio/", MEMORY, "/actuator/prometheus")) {
                HttpResponse<String> response = opsTool(path, basic(user, TestAccounts.password(user)));
                assertThat(response.statusCode()).as(user + " " + path).isEqualTo(403);
                assertThat(response.body()).as(user + " " + path).doesNotContain("\"used\":", "jvm_memory_used_bytes", "<title>Hawtio");
            }
        }
    }

    @Test
    void opsSeesCamelConsoleHawtioJolokiaAndMetrics() {
        String ops = basic(OPS, TestAccounts.password(OPS));
        HttpResponse<String> routes = opsTool("/actuator/camel/route", ops);
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        HttpResponse<String> context = opsTool("/actuator/camel/context", ops);
        assertThat(context.statusCode()).isEqualTo(200);
        assertThat(context.body()).contains("safeguarding-alert-hub");

        HttpResponse<String> hawtio = opsTool("/actuator/hawtio/", ops);
        assertThat(hawtio.statusCode()).isEqualTo(200);
        assertThat(hawtio.body()).contains("<title>Hawtio</title>").contains("<base href=\"/actuator/hawtio/\">");

        HttpResponse<String> memory = opsTool(MEMORY, ops);
        assertThat(memory.statusCode()).isEqualTo(200);
        assertThat(memory.body()).contains("\"status\":200").contains("\"used\":");

        HttpResponse<String> metrics = opsTool("/actuator/prometheus", ops);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds_count")
                // Spring Security's own observations are off (application.properties): they cost pages CPU
                .doesNotContain("spring_security_filterchains");
    }

    @Test
    void anonymousJolokiaNeverAnswersWithTheMBean() {
        HttpResponse<String> asApi = opsTool(MEMORY, null);
        assertThat(asApi.statusCode()).isEqualTo(401);
        HttpResponse<String> asBrowser = browser.get(MEMORY);
        assertThat(asBrowser.statusCode()).isEqualTo(302);
        assertThat(location(asBrowser)).endsWith("/sign-in");
        assertThat(asApi.body() + asBrowser.body()).doesNotContain("\"used\":", "\"max\":");
    }

    @Test
    void healthIsPublicAndTellsNothingMore() {
        HttpResponse<String> health = opsTool("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components", "details");
    }

    /** Signed out, a browser still loads what the sign-in page links to; a Basic challenge on one stalls the page. */
    @Test
    void signInPageAssetsArePublic() {
        for (String asset : List.of("/js/init-govuk.js", "/css/hub.css", "/assets/images/favicon.ico",
                "/webjars/govuk-frontend/5.14.0/dist/govuk/govuk-frontend.min.js",
                "/webjars/govuk-frontend/5.14.0/dist/govuk/govuk-frontend.min.css")) {
            HttpResponse<String> response = browser.send(HttpRequest.newBuilder(browser.uri(asset))
                    .header("Accept", "*/*").GET().build());
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(asset).isEmpty();
        }
    }

    @Test
    void formSignInShowsTheAccountThenSignOutEndsTheSession() {
        HttpResponse<String> signInPage = browser.get("/sign-in");
        assertThat(signInPage.statusCode()).isEqualTo(200);
        String token = TestBrowser.csrfField(signInPage.body());
        assertThat(browser.cookie("XSRF-TOKEN")).as("the token is also in the cookie Hawtio reads").hasValue(token);

        HttpResponse<String> signedIn = browser.postForm("/sign-in",
                Map.of("username", RAISER, "password", TestAccounts.password(RAISER), "_csrf", token));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(location(signedIn)).endsWith("/");

        HttpResponse<String> account = browser.get("/account");
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(account.body()).contains("id=\"account-username\">" + RAISER + "<")
                .contains("id=\"account-role\">RAISER<");

        String signOutToken = TestBrowser.csrfField(account.body());
        HttpResponse<String> signedOut = browser.postForm("/sign-out", Map.of("_csrf", signOutToken));
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(location(signedOut)).endsWith("/sign-in?signed-out");
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(location(home)).endsWith("/sign-in");
    }

    @Test
    void signInWithoutCsrfTokenIsRefused() {
        browser.get("/sign-in");
        HttpResponse<String> response = browser.postForm("/sign-in",
                Map.of("username", RAISER, "password", TestAccounts.password(RAISER)));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(browser.get("/account").statusCode()).as("still signed out").isEqualTo(302);
    }

    @Test
    void signOutWithoutCsrfTokenDoesNotSignOut() {
        browser.signIn(RAISER, TestAccounts.password(RAISER));
        assertThat(browser.postForm("/sign-out", Map.of()).statusCode()).isEqualTo(403);
        assertThat(browser.get("/account").statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void wrongPasswordOnTheFormShowsTheGovukErrorSummary() {
        String token = TestBrowser.csrfField(browser.get("/sign-in").body());
        HttpResponse<String> response = browser.postForm("/sign-in",
                Map.of("username", RAISER, "password", "wrong", "_csrf", token));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(location(response)).endsWith("/sign-in?error");

        HttpResponse<String> page = browser.get("/sign-in?error");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("govuk-error-summary").contains("There is a problem")
                .contains("<title>Error: Sign in");
        assertThat(browser.get("/sign-in").body()).doesNotContain("There is a problem");
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        String hash = jdbc.sql("select password_hash from account where username = :u").param("u", RAISER)
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(TestAccounts.password(RAISER));
        assertThat(passwords.matches(TestAccounts.password(RAISER), hash)).isTrue();
    }

    private HttpResponse<String> api(String method, String path, String authorization, String csv) {
        HttpRequest.Builder request = HttpRequest.newBuilder(browser.uri(path)).header("Accept", "application/json")
                .method(method, csv == null ? BodyPublishers.noBody() : BodyPublishers.ofString(csv));
        if (csv != null) {
            request.header("Content-Type", "text/csv");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return browser.send(request.build());
    }

    /** How a script or scraper calls an ops tool: Basic credentials, no session. */
    private HttpResponse<String> opsTool(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(browser.uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return new TestBrowser(port).send(request.build());
    }
}
