package org.safeguarding.hub.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * What the browser is told on every page (CSP without inline script, no referrer, no camera/microphone/location),
 * redirects that never carry the Host header's name, and a lost CSRF token reported as an expired page. Real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
class BrowserProtectionsTest {

    private static final String RAISER = "headers-raiser";
    private static final String OPS = "headers-ops";
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>");
    private static final Pattern INLINE_STYLE_OR_HANDLER = Pattern.compile("\\s(style|on[a-z]+)=\"");

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;

    @BeforeEach
    void accounts() {
        TestAccounts.ensure(accounts, passwords, RAISER, Role.RAISER);
        TestAccounts.ensure(accounts, passwords, OPS, Role.OPS);
    }

    @Test
    void everyPageForbidsInlineScriptReferrersAndDeviceAccess() {
        TestBrowser anonymous = new TestBrowser(port);
        TestBrowser raiser = new TestBrowser(port).signIn(RAISER, TestAccounts.password(RAISER));
        Map<String, HttpResponse<String>> pages = Map.of(
                "sign-in", anonymous.get("/sign-in"),
                "acknowledgement", anonymous.get("/ack/not-a-real-token"),
                "home", raiser.get("/"),
                "alerts", raiser.get("/alerts"),
                "new alert", raiser.get("/alerts/new"));
        pages.forEach((name, page) -> {
            assertThat(page.statusCode()).as(name).isIn(200, 404);
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(name)
                    .hasValue(SecurityHeaders.PAGES);
            assertThat(SecurityHeaders.PAGES).contains("default-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(page.headers().firstValue("Referrer-Policy")).as(name).hasValue("no-referrer");
            assertThat(page.headers().firstValue("Permissions-Policy")).as(name)
                    .hasValueSatisfying(policy -> assertThat(policy).contains("camera=()", "microphone=()", "geolocation=()"));
            // the policy would block these: the page must not need them
            assertThat(INLINE_SCRIPT.matcher(page.body()).find()).as(name + " inline script").isFalse();
            assertThat(INLINE_STYLE_OR_HANDLER.matcher(page.body()).find()).as(name + " inline style or handler").isFalse();
        });
        assertThat(raiser.get("/js/js-enabled.js").statusCode()).isEqualTo(200);
    }

    @Test
    void hawtioKeepsThePolicyItShipsForItsOwnApp() {
        TestBrowser ops = new TestBrowser(port).signIn(OPS, TestAccounts.password(OPS));
        HttpResponse<String> hawtio = ops.get("/actuator/hawtio/");
        assertThat(hawtio.statusCode()).isEqualTo(200);
        assertThat(hawtio.body()).contains("<title>Hawtio</title>");
        assertThat(hawtio.headers().allValues("Content-Security-Policy")).hasSize(1)
                .allSatisfy(policy -> assertThat(policy).isNotEqualTo(SecurityHeaders.PAGES).contains("default-src 'self'"));
    }

    @Test
    void redirectsDoNotNameTheHostTheRequestClaimed() throws IOException {
        for (String path : List.of("/", "/accounts", "/actuator/hawtio")) {
            String head = rawGet(path, "evil.example");
            assertThat(head).as(path).startsWith("HTTP/1.1 302");
            assertThat(head).as(path).doesNotContainIgnoringCase("evil.example")
                    .containsPattern("(?im)^Location: /sign-in\\r?$");
        }
    }

    @Test
    void aFormPostWithoutItsCsrfTokenIsReportedAsAnExpiredPageNotAMissingRole() {
        TestBrowser raiser = new TestBrowser(port).signIn(RAISER, TestAccounts.password(RAISER));
        HttpResponse<String> lost = raiser.postForm("/alerts/new", Map.of("title", "A form from an old tab"));
        assertThat(lost.statusCode()).isEqualTo(403);
        assertThat(lost.body()).contains("Your page has expired").contains("Go back, reload the page and try again")
                .doesNotContain("You do not have permission");

        HttpResponse<String> wrongToken = raiser.postForm("/sign-out", Map.of("_csrf", "not-the-token"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.body()).contains("Your page has expired");

        HttpResponse<String> noRole = raiser.get("/accounts");
        assertThat(noRole.statusCode()).isEqualTo(403);
        assertThat(noRole.body()).as("a real missing role still says so").contains("You do not have permission")
                .doesNotContain("Your page has expired");
    }

    /** HttpClient will not send a Host header of the caller's choosing; a socket will. */
    private String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n\r\n");
            return end < 0 ? response : response.substring(0, end + 2);
        }
    }
}
