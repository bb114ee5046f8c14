package org.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.support.RealBrowser;
import org.safeguarding.hub.alert.AlertApiTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a browser gets when something is wrong: GOV.UK error pages in HTML, whatever the browser's Accept header says
 * besides text/html, while /api/** keeps its problem JSON. And every asset a page asks for (link, script, img, and
 * the url(...)s of its stylesheets) is there, except GOV.UK Frontend's fonts: GDS Transport is reserved for GOV.UK, so
 * the hub neither serves it nor lets a browser ask for it.
 */
class BrowserErrorPagesTest extends AlertApiTestBase {

    /** What Chromium sends for a page. */
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
            + "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";
    private static final String ADMIN = "errors-admin";
    private static final String RAISER = "errors-raiser";

    @Autowired
    HubProperties hub;

    @BeforeEach
    void accounts() {
        account(ADMIN, Role.ADMIN);
        account(RAISER, Role.RAISER);
    }

    @Test
    void pagesAnswerBrowsersWithGovUkErrorPages() {
        TestBrowser admin = signedIn(ADMIN);
        assertPage(admin, "/alerts/9999", 404, "Page not found");
        assertPage(admin, "/no/such/page", 404, "Page not found");
        assertPage(admin, "/directory/schools/abc", 400, "There is a problem with the web address");
        assertPage(admin, "/alerts/abc", 400, "There is a problem with the web address");
        assertPage(signedIn(RAISER), "/audit", 403, "You cannot see this page");
    }

    @Test
    void theApiKeepsItsJsonEvenForABrowser() {
        HttpResponse<String> unknown = api.get(ADMIN, "/api/v1/alerts/9999", BROWSER_ACCEPT);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        HttpResponse<String> bad = api.get(ADMIN, "/api/v1/directory/schools/abc", BROWSER_ACCEPT);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    }

    @Test
    void anInvalidAcknowledgementLinkNamesTheServiceAndWhomToContact() {
        HttpResponse<String> page = new TestBrowser(port).get("/ack/not-a-real-link");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("<title>This link does not work – " + hub.serviceName() + "</title>")
                .doesNotContain("null")
                .contains("govuk-header__service-name\">" + hub.serviceName() + "</a>")
                .contains(hub.partnershipName()).contains(hub.partnershipContact());
        assertThat(hub.partnershipContact()).isNotBlank();
    }

    @Test
    void everyAssetAPageAsksForIsThere() throws Exception {
        TestBrowser admin = signedIn(ADMIN);
        Set<String> assets = new LinkedHashSet<>();
        for (String path : List.of("/", "/alerts", "/audit", "/directory", "/no/such/page")) {
            assets.addAll(references(admin.get(path).body()));
        }
        assets.addAll(references(new TestBrowser(port).get("/sign-in").body()));
        assertThat(assets).as("the layout's stylesheets, scripts and icon").hasSizeGreaterThanOrEqualTo(4);

        List<String> stylesheets = assets.stream().filter(a -> a.endsWith(".css")).toList();
        List<String> fromCss = new ArrayList<>();
        for (String css : stylesheets) {
            Matcher url = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)").matcher(admin.get(css).body());
            while (url.find()) {
                if (!url.group(1).startsWith("data:")) {
                    fromCss.add(URI.create(css).resolve(url.group(1)).toString());
                }
            }
        }
        assertThat(fromCss).as("GOV.UK Frontend still declares its fonts").anyMatch(u -> u.startsWith("/assets/fonts/"));
        assets.addAll(fromCss.stream().filter(u -> !u.startsWith("/assets/fonts/")).toList());

        HttpClient anonymous = HttpClient.newHttpClient();
        for (String asset : assets) {
            HttpResponse<Void> response = anonymous.send(HttpRequest.newBuilder(admin.uri(asset)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).as(asset + " (without signing in, as the sign-in page needs it)")
                    .isEqualTo(200);
        }
    }

    @Test
    void aBrowserNeverAsksForTheReservedFont() throws Exception {
        assertThat(new TestBrowser(port).get("/assets/fonts/light-94a07e06a1-v2.woff2").statusCode()).isEqualTo(404);
        try (RealBrowser browser = new RealBrowser(port)) {
            browser.signIn(ADMIN, TestAccounts.password(ADMIN));
            browser.open("/alerts", "Alerts");
            Object fetched = browser.driver().executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                    + "document.fonts.ready.then(() => done(performance.getEntriesByType('resource').map(e => e.name)));");
            assertThat((List<?>) fetched).as("what the page fetched").isNotEmpty()
                    .noneMatch(name -> name.toString().contains("/assets/fonts/"));
            Object family = browser.driver().executeScript(
                    "return getComputedStyle(document.querySelector('h1')).fontFamily;");
            assertThat(family.toString()).as("GOV.UK Frontend's font stack, its first name now the system's Arial")
                    .contains("GDS Transport");
        }
    }

    /** The same-site addresses of a page's link, script and img elements. */
    private static Set<String> references(String html) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = Pattern.compile("<(?:link|script|img)\\b[^>]*?\\b(?:href|src)=\"(/[^\"#]*)\"").matcher(html);
        while (m.find()) {
            found.add(m.group(1).replace("&amp;", "&"));
        }
        return found;
    }

    private TestBrowser signedIn(String username) {
        return new TestBrowser(port).signIn(username, TestAccounts.password(username));
    }

    private static void assertPage(TestBrowser browser, String path, int status, String heading) {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(browser.uri(path))
                .header("Accept", BROWSER_ACCEPT).GET().build());
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(path)
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).as(path).contains("<h1 class=\"govuk-heading-l\">" + heading + "</h1>")
                .contains("<title>" + heading + " – ").doesNotContain("\"status\"");
    }
}
