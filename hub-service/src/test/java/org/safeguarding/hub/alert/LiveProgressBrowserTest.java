package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;
import static org.openqa.selenium.support.ui.ExpectedConditions.titleContains;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.acknowledgement.Acknowledgements;
import org.safeguarding.hub.delivery.HubApi;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.SmtpRelay;
import org.safeguarding.hub.delivery.TestSchools;
import org.safeguarding.hub.support.BrowserPerTest;
import org.safeguarding.hub.support.RealBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Progress that moves by itself, in a real browser (headless Chromium): the chair approves an alert while the mail
 * server holds every message ({@link SmtpRelay}), and the alert page's counts and status follow the messages the
 * relay lets through, up to Sent, without the page reloading (a marker set on window stays). The ops dashboard
 * likewise. With JavaScript off, the page shows the same numbers, and a Refresh link.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1", "hub.outbox.poll-interval=200",
        // one school per broker message: the ledger records each email as it goes, not a batch at the end
        "hub.fanout.deliveries-per-message=1",
        // a message held past the mail server's 30 s socket timeout on a busy machine is retried at once, not later
        "hub.broker.redelivery-delay=100ms"})
@ActiveProfiles("test")
class LiveProgressBrowserTest {

    static final GreenMail SMTP = SentMail.smtpServer(0);
    static final SmtpRelay RELAY = new SmtpRelay(SMTP.getSmtp().getPort());
    static final String CHAIR = "live-chair";
    static final String OPS = "live-ops";
    static final String MARKER = "return window.hubNotReloaded";

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", RELAY::port);
    }

    @AfterAll
    static void stopSmtp() throws IOException {
        RELAY.close();
        SMTP.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    Acknowledgements acknowledgements;

    private HubApi api;
    private RealBrowser browser;

    @RegisterExtension
    final BrowserPerTest browsers = new BrowserPerTest("FAILED-");

    @BeforeEach
    void accountsAndBrowser() throws IOException {
        api = new HubApi(context);
        TestAccounts.ensure(accounts, passwords, CHAIR, Role.APPROVER);
        TestAccounts.ensure(accounts, passwords, OPS, Role.OPS);
        browser = browsers.open(port);
    }

    @AfterEach
    void reopenRelay() {
        RELAY.open();
    }

    @Test
    void theAlertPageFollowsTheAlertOutWithoutReloading() {
        TestSchools schools = TestSchools.importInto(context, "871", 8_710_001, 3);
        int emailed = schools.emailedTo().size();
        JsonNode raised = api.raise(HubApi.alert("871", "Live progress", "watch it go", false));
        long id = raised.get("id").asLong();
        RELAY.hold(0);

        browser.signIn(CHAIR, TestAccounts.password(CHAIR));
        browser.open("/alerts/" + id, raised.get("reference").asText());
        browser.clickToNewPage(By.id("approve"), titleContains("Approve and send"));
        browser.clickToNewPage(By.id("send-now"), titleContains(raised.get("reference").asText()));
        browser.driver().executeScript("window.hubNotReloaded = 'still here'");
        assertThat(browser.text(By.id("progress-updates"))).contains("updates itself");
        browser.screenshot("live-01-approved");

        // every message is held at the mail server: the page shows the alert going out, nothing sent yet
        browser.waitFor(textToBe(By.cssSelector("[data-status-id='" + id + "']"), "Sending"));
        browser.waitFor(textToBe(By.cssSelector("#channel-EMAIL [data-field='channels.EMAIL.unreachable']"), "1"));
        assertThat(cell("sent")).isEqualTo("0");
        assertThat(browser.text(By.id("acknowledged-count"))).contains("0 of " + (emailed + 1) + " schools have confirmed");

        RELAY.letThrough(1);
        browser.waitFor(numberAtLeast(By.cssSelector("#channel-EMAIL [data-field='channels.EMAIL.sent']"), 1));
        browser.screenshot("live-02-one-sent");
        assertThat(browser.driver().findElement(By.id("bar-EMAIL")).getDomProperty("value")).isNotEqualTo("0");

        // a school confirms while the rest are still on their way: counted in the singular, and listed, as it comes
        acknowledgements.record(id, 8_710_001, "Test School 8710001", "Dana Lead", "DSL", "Told the staff", "127.0.0.1",
                Acknowledgements.Via.LINK, Acknowledgements.schoolActor(8_710_001));
        browser.waitFor(textToBe(By.cssSelector("#acknowledged-count [data-field='confirmed']"),
                "1 of " + (emailed + 1) + " schools has confirmed they received it."));
        assertThat(browser.text(By.cssSelector("#confirmations tbody"))).contains("Test School 8710001", "8710001",
                "Dana Lead, DSL", "Told the staff", "Link in the alert");
        assertThat(browser.driver().findElement(By.id("no-confirmations")).isDisplayed()).isFalse();

        RELAY.open();
        browser.waitFor(textToBe(By.cssSelector("#channel-EMAIL [data-field='channels.EMAIL.sent']"),
                Integer.toString(emailed)));
        browser.waitFor(textToBe(By.cssSelector("[data-status-id='" + id + "']"), "Sent"));
        browser.waitFor(textToBe(By.id("progress-announcement"), "Sent: every delivery of the alert is finished."));
        assertThat(cell("queued")).isEqualTo("0");
        browser.waitFor(driver -> driver.findElement(By.id("next-reminder")).getText()
                .startsWith("Next reminder: First reminder to the DSL, due "));
        assertThat(browser.text(By.id("bar-text-EMAIL"))).isEqualTo((emailed + 1) + " of " + (emailed + 1)
                + " finished (100%)");
        assertThat(browser.driver().executeScript(MARKER)).as("the page never reloaded").isEqualTo("still here");
        assertThat(browser.driver().findElement(By.id("progress")).getDomAttribute("data-progress-live"))
                .as("reading stopped: the alert is final").isEqualTo("false");
        assertThat(browser.text(By.id("progress-updates"))).startsWith("Nothing more is going out");
        assertThat(browser.driver().findElement(By.id("export")).getDomAttribute("href"))
                .isEqualTo("/alerts/" + id + "/deliveries.csv");
        browser.screenshot("live-03-sent");
    }

    @Test
    void theDashboardFollowsTheAlertOutWithoutReloading() {
        TestSchools schools = TestSchools.importInto(context, "872", 8_720_001, 3);
        int emailed = schools.emailedTo().size();
        RELAY.hold(0);
        long id = api.raiseAndApprove(HubApi.alert("872", "Live dashboard", "watch it go", false)).get("id").asLong();

        browser.signIn(OPS, TestAccounts.password(OPS));
        browser.open("/ops", "Ops dashboard");
        browser.driver().executeScript("window.hubNotReloaded = 'still here'");
        By sent = By.cssSelector("#alerts [data-field='alerts." + id + ".channels.EMAIL.sent']");
        browser.waitFor(textToBe(By.cssSelector("#alerts [data-status-id='" + id + "']"), "Sending"));
        assertThat(browser.text(sent)).isEqualTo("0");

        RELAY.letThrough(1);
        browser.waitFor(numberAtLeast(sent, 1));
        RELAY.open();
        browser.waitFor(textToBe(sent, Integer.toString(emailed)));
        browser.waitFor(textToBe(By.cssSelector("#alerts [data-status-id='" + id + "']"), "Sent"));
        assertThat(browser.text(By.id("confirmed-" + id))).isEqualTo("0 of " + (emailed + 1));
        assertThat(browser.driver().executeScript(MARKER)).as("the dashboard never reloaded").isEqualTo("still here");
        browser.screenshot("live-04-dashboard-sent");
    }

    @Test
    void withoutJavaScriptThePageShowsTheSameNumbers() {
        TestSchools schools = TestSchools.importInto(context, "873", 8_730_001, 2);
        RELAY.hold(0);
        JsonNode approved = api.raiseAndApprove(HubApi.alert("873", "No script", "read it", false));
        long id = approved.get("id").asLong();

        browser.driver().executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        browser.signIn(CHAIR, TestAccounts.password(CHAIR));
        browser.open("/alerts/" + id, approved.get("reference").asText());
        assertThat(browser.driver().findElement(By.tagName("body")).getDomAttribute("class"))
                .as("no script ran").doesNotContain("js-enabled");
        RELAY.open();
        // the reader's Refresh: the server-rendered page has the numbers
        ExpectedCondition<Boolean> sentOnRefresh = driver -> {
            browser.driver().findElement(By.id("refresh")).click();
            return browser.driver().findElements(By.cssSelector("[data-status-id='" + id + "']")).stream()
                    .anyMatch(tag -> tag.getText().equals("Sent"));
        };
        browser.waitFor(sentOnRefresh);
        assertThat(cell("sent")).isEqualTo(Integer.toString(schools.emailedTo().size()));
        assertThat(cell("unreachable")).isEqualTo("1");
        assertThat(browser.text(By.id("bar-text-EMAIL"))).endsWith("finished (100%)");
        assertThat(browser.text(By.id("acknowledged-count"))).contains("0 of " + (schools.emailedTo().size() + 1)
                + " schools have confirmed");
        browser.screenshot("live-05-no-javascript");
    }

    private String cell(String count) {
        return browser.text(By.cssSelector("#channel-EMAIL [data-field='channels.EMAIL." + count + "']"));
    }

    private static ExpectedCondition<Boolean> numberAtLeast(By by, int least) {
        return driver -> Integer.parseInt(driver.findElement(by).getText().strip()) >= least;
    }
}
