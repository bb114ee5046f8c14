package org.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.support.FreePort;
import org.safeguarding.hub.support.RealBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * axe-core (bundled in the com.deque.html.axe-core:selenium jar: nothing is downloaded) over the hub's main pages in
 * headless Chromium, signed in as each demo role of the embedded default, against the WCAG 2.0, 2.1 and 2.2 A and AA
 * rules. Each violation is printed with its rule id, impact and the elements it found. To check another page, add a
 * line to a role's list below: a path, or a path and what to do on it before axe runs (e.g. submit a form).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1", "hub.demo.enabled=true", "hub.outbox.poll-interval=200"})
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessibilityBrowserTest {

    static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa");

    /** A page to check: where it is and, if it needs it, what to do there first. */
    record Page(String name, String path, Consumer<RealBrowser> then) {

        static Page at(String name, String path) {
            return new Page(name, path, browser -> {
            });
        }
    }

    /** Chosen once: the demo sink listens on it and the email route sends to it. */
    static final int SMTP_PORT = FreePort.any();

    @DynamicPropertySource
    static void demoSmtp(DynamicPropertyRegistry registry) {
        registry.add("hub.demo.smtp-port", () -> SMTP_PORT);
    }

    @LocalServerPort
    int port;
    @Autowired
    AcknowledgementLinks links;

    private String sentAlert;
    private String sentReference;
    private String awaitingAlert;
    private String ackToken;
    private long urn;
    private RealBrowser browser;

    /** One alert sent to the demo's Wexbridge schools, and one awaiting approval. */
    @BeforeAll
    void alerts() {
        HubApi api = HubApi.demo(port);
        JsonNode sent = api.raiseAndApprove(HubApi.alert("991", "Accessibility check: video-chat coercion",
                "children coerced on a video-chat site", true));
        long sentId = sent.get("id").asLong();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(api.status(sentId).get("status").asText()).isEqualTo("SENT"));
        sentAlert = Long.toString(sentId);
        sentReference = sent.get("reference").asText();
        urn = api.recipients(sentId).get(0).get("urn").asLong();
        ackToken = links.token(sentId, urn);
        awaitingAlert = Long.toString(api.raise(HubApi.alert("991", "Accessibility check: awaiting approval",
                "a second alert", true)).get("id").asLong());
    }

    @BeforeEach
    void browser() throws IOException {
        browser = new RealBrowser(port);
    }

    @AfterEach
    void quit() {
        browser.close();
    }

    @Test
    void officerPages() {
        check("officer", List.of(
                Page.at("home", "/"),
                Page.at("alerts list, filtered", "/alerts?q=Accessibility&status=SENT&severity=SEVERE&sort=NEWEST"),
                Page.at("alerts list, wrong date", "/alerts?fromDay=31&fromMonth=2&fromYear=2026"),
                Page.at("new alert form", "/alerts/new"),
                new Page("new alert form with errors", "/alerts/new", b -> {
                    b.type(By.id("title"), " ");
                    b.clickToNewPage(By.cssSelector("main form[method='post'] button[type='submit']"),
                            d -> !d.findElements(By.cssSelector(".govuk-error-summary")).isEmpty());
                }),
                Page.at("check page", "/alerts/" + awaitingAlert + "/check"),
                Page.at("alert page, sent", "/alerts/" + sentAlert),
                Page.at("directory search", "/directory?q=Wexbridge"),
                Page.at("school", "/directory/schools/" + urn),
                Page.at("demo inbox", "/demo/inbox"),
                Page.at("page not found", "/alerts/999999999"),
                Page.at("unknown address", "/no/such/page"),
                Page.at("bad address", "/directory/schools/abc"),
                Page.at("cannot see this page", "/audit")));
    }

    @Test
    void chairPages() {
        check("chair", List.of(
                Page.at("alerts list", "/alerts"),
                Page.at("alert awaiting approval", "/alerts/" + awaitingAlert),
                Page.at("alert page, sent", "/alerts/" + sentAlert)));
    }

    @Test
    void opsPages() {
        check("ops", List.of(
                Page.at("ops dashboard", "/ops"),
                Page.at("dead letters", "/ops/dead-letters"),
                Page.at("audit trail of an alert", "/audit?alert=" + sentReference),
                Page.at("demo MIS", "/demo/mis")));
    }

    @Test
    void adminPages() {
        check("admin", List.of(
                Page.at("audit trail", "/audit"),
                Page.at("accounts", "/accounts"),
                Page.at("new account", "/accounts/new"),
                Page.at("directory import", "/directory/import"),
                Page.at("your account", "/account")));
    }

    /** Pages a school or anyone signed out sees. */
    @Test
    void signedOutPages() {
        check(null, List.of(
                Page.at("sign in", "/sign-in"),
                Page.at("acknowledgement page", "/ack/" + ackToken),
                Page.at("invalid link", "/ack/not-a-real-link")));
    }

    /** The service navigation stays on one line at a common laptop width (defect 12). */
    @Test
    void opsNavigationFitsOneLineAt1265Pixels() {
        browser.signIn("ops", "demo-ops");
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1265, 900));
        browser.open("/ops", "");
        List<WebElement> items = browser.driver().findElements(By.cssSelector("#navigation > li"));
        assertThat(items).hasSizeGreaterThanOrEqualTo(4);
        assertThat(items.stream().map(i -> i.getLocation().getY()).distinct().count())
                .as("every item on the same line").isEqualTo(1);
    }

    /** The suite can fail: an image without alternative text, added to a page, is reported with its element. */
    @Test
    void aViolationIsReported() {
        browser.open("/sign-in", "");
        browser.driver().executeScript("var i = document.createElement('img'); i.id = 'no-alt';"
                + " i.src = '/assets/images/favicon.svg'; document.querySelector('main').appendChild(i);");
        Results results = new AxeBuilder().withTags(WCAG).analyze(browser.driver());
        assertThat(results.getViolations()).anySatisfy(rule -> {
            assertThat(rule.getId()).isEqualTo("image-alt");
            assertThat(rule.getNodes().get(0).getTarget().toString()).contains("#no-alt");
        });
    }

    private void check(String role, List<Page> pages) {
        if (role != null) {
            browser.signIn(role, "demo-" + role);
        }
        List<String> violations = new ArrayList<>();
        for (Page page : pages) {
            browser.open(page.path(), "");
            page.then().accept(browser);
            Results results = new AxeBuilder().withTags(WCAG).analyze(browser.driver());
            assertThat(results.isErrored()).as("axe ran on " + page.name() + ": " + results.getErrorMessage()).isFalse();
            assertThat(results.getPasses()).as("axe checked something on " + page.name()).isNotEmpty();
            browser.screenshot("a11y-" + (role == null ? "signed-out" : role) + "-" + page.name().replaceAll("\\W+", "-"));
            for (Rule rule : results.getViolations()) {
                for (CheckedNode node : rule.getNodes()) {
                    violations.add(String.format("%s (%s) %s: %s [%s] %s", page.name(), page.path(), rule.getId(),
                            rule.getImpact(), node.getTarget(), rule.getHelp()));
                }
            }
        }
        violations.forEach(System.out::println);
        assertThat(violations).as("axe violations as " + (role == null ? "nobody signed in" : role)).isEmpty();
    }
}
