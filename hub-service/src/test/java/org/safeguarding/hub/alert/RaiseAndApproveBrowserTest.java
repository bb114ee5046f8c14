package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.titleContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.support.BrowserPerTest;
import org.safeguarding.hub.support.RealBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * The raise-and-approve journey in a real browser (headless Chromium): a police officer raises an alert through
 * the form, its error summary and check your answers, submits it, and the partnership chair approves it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
class RaiseAndApproveBrowserTest {

    private static final String OFFICER = "browser-officer";
    private static final String CHAIR = "browser-chair";
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final String TITLE = "Sharing <script>alert('x')</script> links on a video-chat site";

    /** LA 990: three open primaries (one with no safeguarding contact), a closed primary and an open secondary. */
    private static final String SCHOOLS = """
            URN,EstablishmentName,LA (code),LA (name),PhaseOfEducation (code),PhaseOfEducation (name),EstablishmentStatus (code),EstablishmentStatus (name),Town,Postcode
            997001,Browsertest Oak Primary School,990,Browserbury,2,Primary,1,Open,Browserford,BR1 1AA
            997002,Browsertest Ash Primary School,990,Browserbury,2,Primary,1,Open,Browserford,BR1 1AB
            997003,Browsertest Uncovered Primary School,990,Browserbury,2,Primary,1,Open,Browserford,BR1 1AC
            997004,Browsertest Closed Infant School,990,Browserbury,2,Primary,2,Closed,Browserford,BR1 1AD
            997005,Browsertest High School,990,Browserbury,4,Secondary,1,Open,Browserford,BR1 1AE
            """;
    private static final String CONTACTS = """
            URN,Role,Name,Email,Mobile
            997001,DSL,Sam Oak,dsl@oak.example.org,
            997002,DEPUTY_DSL,Kim Ash,ddsl@ash.example.org,
            997003,HEAD,Lee Uncovered,head@uncovered.example.org,
            997005,DSL,Pat High,dsl@high.example.org,
            """;

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    EstablishmentImport establishmentImport;
    @Autowired
    ContactImport contactImport;
    @Autowired
    AlertService alerts;

    private RealBrowser browser;

    @RegisterExtension
    final BrowserPerTest browsers = new BrowserPerTest("FAILED-");

    @BeforeEach
    void directoryAccountsAndBrowser() throws IOException {
        TestAccounts.ensure(accounts, passwords, OFFICER, Role.RAISER, "Police CYP");
        TestAccounts.ensure(accounts, passwords, CHAIR, Role.APPROVER, "Wexbridge Partnership");
        assertThat(establishmentImport.importCsv(utf8(SCHOOLS)).rejected()).isEmpty();
        assertThat(contactImport.importCsv(utf8(CONTACTS)).rejected()).isEmpty();
        browser = browsers.open(port);
    }

    @Test
    void officerRaisesAnAlertAndTheChairApprovesIt() {
        browser.signIn(OFFICER, TestAccounts.password(OFFICER));
        browser.screenshot("01-officer-signed-in");
        browser.clickToNewPage(By.linkText("Alerts"), titleContains("Alerts"));
        browser.clickToNewPage(By.id("raise"), titleContains("Raise an alert"));
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Raise an alert");
        browser.screenshot("02-raise-an-alert-blank-form");

        // nothing typed: the GOV.UK error summary, linking to each field
        browser.clickToNewPage(By.id("continue"), titleContains("Error: Raise an alert"));
        WebElement errorSummary = browser.visible(By.cssSelector(".govuk-error-summary"));
        assertThat(errorSummary.findElement(By.tagName("h2")).getText()).isEqualTo("There is a problem");
        List<String> links = errorSummary.findElements(By.cssSelector(".govuk-error-summary__list a")).stream()
                .map(a -> a.getText() + " -> " + a.getDomAttribute("href")).toList();
        assertThat(links).contains("Enter a title -> #title", "Enter what happened -> #summary",
                "Enter the advice for schools -> #adviceForSchools", "Select the severity -> #severity",
                "Choose which schools the alert is for -> #target");
        // GOV.UK Frontend's script (a module, run once the page is parsed) moves focus to the summary
        browser.waitFor(d -> d.switchTo().activeElement().equals(errorSummary));
        assertThat(browser.visible(By.id("title")).getDomAttribute("class")).contains("govuk-input--error");
        assertThat(browser.text(By.id("title-error")).replaceAll("\\s+", " ")).isEqualTo("Error: Enter a title");
        assertThat(browser.driver().findElement(By.xpath("//input[@id='title']/.."))
                .getDomAttribute("class")).contains("govuk-form-group--error");
        browser.screenshot("03-raise-an-alert-error-summary");
        errorSummary.findElement(By.linkText("Enter a title")).click();
        browser.waitFor(d -> "title".equals(d.switchTo().activeElement().getDomAttribute("id")));

        // the alert, filled in as an officer would
        LocalDate deadline = LocalDate.now(UK).plusDays(2);
        LocalDate expiry = LocalDate.now(UK).plusDays(9);
        browser.type(By.id("title"), TITLE);
        browser.type(By.id("summary"), "Several children were coerced into exposure on a video-chat site.");
        browser.type(By.id("adviceForSchools"), "Remind pupils how to report contact and check filtering.");
        browser.choose("severity-SEVERE");
        new Select(browser.visible(By.id("category"))).selectByValue("ONLINE_SAFETY");
        browser.choose("la-990");
        browser.choose(phaseCheckbox("Primary"));
        browser.choose("channel-EMAIL");
        assertThat(browser.driver().findElement(By.id("channel-SMS")).isSelected()).isFalse();
        date("ackDeadline", deadline, "17:30");
        date("expires", expiry, "09:00");
        browser.choose("exercise");
        browser.screenshot("04-raise-an-alert-filled-in");

        browser.clickToNewPage(By.id("continue"), titleContains("Check your answers"));
        assertThat(browser.driver().getTitle()).doesNotStartWith("Error");
        assertThat(browser.text(By.id("recipient-count"))).startsWith("This alert will go to 3 schools in Browserbury");
        // no DSL or deputy on record: the hub emails the head, and says so
        assertThat(browser.text(By.id("to-head")).replaceAll("\\s+", " "))
                .isEqualTo("1 of them has no designated safeguarding lead or deputy on record, so it goes to the head:"
                        + " no DSL on record");
        assertThat(browser.text(By.id("to-head-list"))).isEqualTo("Browsertest Uncovered Primary School (URN 997003)");
        assertThat(browser.driver().findElements(By.id("without-contact"))).as("every school reaches someone").isEmpty();
        assertThat(summaryRow("Title")).isEqualTo(TITLE);
        assertThat(summaryRow("Severity")).isEqualTo("Severe");
        assertThat(summaryRow("Category")).isEqualTo("Online safety");
        assertThat(summaryRow("Channels")).isEqualTo("Email");
        assertThat(summaryRow("Acknowledge by")).isEqualTo(longDate(deadline) + " 17:30");
        assertThat(summaryRow("Expires")).isEqualTo(longDate(expiry) + " 09:00");
        assertThat(summaryRow("Exercise")).startsWith("Yes");
        assertTitleShownAsTextNotRun();
        browser.screenshot("05-check-your-answers");

        browser.clickToNewPage(By.id("submit-for-approval"), visibilityOfElementLocated(By.id("submitted-panel")));
        assertThat(browser.text(By.cssSelector("#submitted-panel h1"))).isEqualTo("Alert submitted for approval");
        String reference = browser.text(By.cssSelector("#submitted-panel strong"));
        assertThat(reference).matches("WEX-\\d{4}-\\d{4}");
        assertThat(browser.text(By.cssSelector("main h1.govuk-heading-l"))).isEqualTo(TITLE);
        assertThat(status()).isEqualTo("Awaiting approval");
        assertThat(browser.driver().findElements(By.id("approve"))).as("no Approve for the raiser").isEmpty();
        assertThat(browser.driver().findElements(By.id("reject"))).isEmpty();
        assertTitleShownAsTextNotRun();
        browser.screenshot("06-officer-submitted-for-approval");

        browser.signOut();
        assertThat(browser.text(By.cssSelector(".govuk-notification-banner__heading"))).isEqualTo("You have signed out");
        browser.screenshot("07-officer-signed-out");

        // the chair finds it awaiting approval and approves it
        browser.signIn(CHAIR, TestAccounts.password(CHAIR));
        browser.clickToNewPage(By.linkText("Alerts"), titleContains("Alerts"));
        WebElement awaiting = browser.visible(By.id("awaiting"));
        assertThat(awaiting.getText()).contains(reference).contains(OFFICER).contains("Awaiting approval");
        browser.screenshot("08-chair-alerts-awaiting-approval");
        browser.clickToNewPage(By.xpath("//table[@id='awaiting']//a[normalize-space()='" + reference + "']"),
                titleContains(reference));
        assertThat(status()).isEqualTo("Awaiting approval");
        assertThat(browser.text(By.id("recipient-count"))).startsWith("This alert will go to 3 schools");
        assertTitleShownAsTextNotRun();
        browser.screenshot("09-chair-alert-to-decide");

        browser.clickToNewPage(By.id("approve"), titleContains("Approve and send " + reference));
        // one click does not send: the page says what is about to go where, and the alert still awaits approval
        assertThat(browser.text(By.id("send-warning"))).contains("You are about to send " + reference
                + " to 3 schools by email", "Send now?");
        assertThat(browser.driver().findElements(By.cssSelector("form input[name='_csrf']"))).isNotEmpty();
        assertThat(alerts.get(Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*/alerts/(\\d+)/approve$", "$1")))
                .status()).isEqualTo(AlertStatus.AWAITING_APPROVAL);
        browser.screenshot("10a-chair-approve-and-send-confirmation");
        browser.clickToNewPage(By.id("send-now"),
                textToBePresentInElementLocated(By.cssSelector(".govuk-notification-banner"), reference + " approved"));
        // the outbox relay may already have started sending it
        assertThat(status()).isIn("Approved", "Sending", "Sent");
        assertThat(browser.driver().findElements(By.id("approve"))).isEmpty();
        assertThat(browser.text(By.id("history"))).contains("Alert approved");
        browser.screenshot("10-chair-alert-approved");
    }

    /** The id of the phase checkbox whose value is {@code phase}: ids are by position. GOV.UK hides the input itself. */
    private String phaseCheckbox(String phase) {
        return browser.driver().findElement(By.cssSelector("input[name='phases'][value='" + phase + "']"))
                .getDomAttribute("id");
    }

    private void date(String field, LocalDate date, String time) {
        browser.type(By.id(field + "Day"), Integer.toString(date.getDayOfMonth()));
        browser.type(By.id(field + "Month"), Integer.toString(date.getMonthValue()));
        browser.type(By.id(field + "Year"), Integer.toString(date.getYear()));
        browser.type(By.id(field + "Time"), time);
    }

    private String summaryRow(String key) {
        return browser.text(By.xpath("//dl[@id='alert-summary']//dt[normalize-space()='" + key
                + "']/following-sibling::dd[1]"));
    }

    private String status() {
        return browser.text(By.cssSelector("main p.govuk-body strong.govuk-tag"));
    }

    /** The title reads as typed, markup and all, and no script of it is in the page or has run. */
    private void assertTitleShownAsTextNotRun() {
        assertThat(browser.driver().getPageSource()).contains("&lt;script&gt;alert('x')&lt;/script&gt;");
        assertThat(browser.driver().findElements(By.cssSelector("main script"))).isEmpty();
        assertThat(alertIsPresent().apply(browser.driver())).as("no JavaScript alert").isNull();
    }

    private static String longDate(LocalDate date) {
        return date.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK));
    }

    private static ByteArrayInputStream utf8(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }
}
