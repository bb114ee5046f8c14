package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.titleContains;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
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
import org.safeguarding.hub.support.MovableClock;
import org.safeguarding.hub.support.BrowserPerTest;
import org.safeguarding.hub.support.RealBrowser;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.convention.TestBean;

/**
 * The raise form in a real browser (headless Chromium), with the hub's clock fixed at 23:00 in London: date errors
 * beside the date, character counts, the deadline suggested by severity, a targeting that reaches no school refused
 * on the form, and discarding a draft. The outbox relay waits an hour: nothing here is sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "hub.outbox.initial-delay=3600000"})
@ActiveProfiles("test")
class RaiseFormBrowserTest {

    private static final ZoneId UK = ZoneId.of("Europe/London");
    /** 23:00 in London (BST). */
    private static final Instant ELEVEN_PM = Instant.parse("2031-06-02T22:00:00Z");
    private static final MovableClock CLOCK = new MovableClock(ELEVEN_PM);
    private static final String OFFICER = "form-officer";
    private static final String OTHER_OFFICER = "form-other-officer";

    /** LA 993: one open primary with a DSL, one closed primary. */
    private static final String SCHOOLS = """
            URN,EstablishmentName,LA (code),LA (name),PhaseOfEducation (code),PhaseOfEducation (name),EstablishmentStatus (code),EstablishmentStatus (name),Town,Postcode
            998001,Formtest Open Primary School,993,Formbury,2,Primary,1,Open,Formford,FM1 1AA
            998002,Formtest Closed Primary School,993,Formbury,2,Primary,2,Closed,Formford,FM1 1AB
            """;
    private static final String CONTACTS = """
            URN,Role,Name,Email,Mobile
            998001,DSL,Ali Open,dsl@open.example.org,
            """;

    @TestBean(name = "clock", methodName = "movableClock")
    Clock clock;

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
    HubProperties hub;
    @Autowired
    AlertService alerts;
    @Autowired
    JdbcClient jdbc;

    private RealBrowser browser;

    @RegisterExtension
    final BrowserPerTest browsers = new BrowserPerTest("FAILED-");

    static Clock movableClock() {
        return CLOCK;
    }

    @BeforeEach
    void directoryAccountsAndBrowser() throws IOException {
        CLOCK.set(ELEVEN_PM);
        TestAccounts.ensure(accounts, passwords, OFFICER, Role.RAISER, "Police CYP");
        TestAccounts.ensure(accounts, passwords, OTHER_OFFICER, Role.RAISER, "Police CYP");
        assertThat(establishmentImport.importCsv(utf8(SCHOOLS)).rejected()).isEmpty();
        assertThat(contactImport.importCsv(utf8(CONTACTS)).rejected()).isEmpty();
        browser = browsers.open(port);
        browser.signIn(OFFICER, TestAccounts.password(OFFICER));
        browser.open("/alerts/new", "Raise an alert");
    }

    @Test
    void aDateErrorIsShownBesideTheDateOutlinesTheWrongPartsAndItsSummaryLinkFocusesTheDay() {
        date("ackDeadline", "32", "13", "2031", "17:30");
        browser.clickToNewPage(By.id("continue"), titleContains("Error: Raise an alert"));

        assertThat(browser.text(By.id("ackDeadline-error")).replaceAll("\\s+", " "))
                .isEqualTo("Error: The acknowledgement deadline must be a real date and a time like 17:30");
        assertThat(inputClass("ackDeadlineDay")).contains("govuk-input--error");
        assertThat(inputClass("ackDeadlineMonth")).contains("govuk-input--error");
        assertThat(inputClass("ackDeadlineYear")).doesNotContain("govuk-input--error");
        assertThat(inputClass("ackDeadlineTime")).doesNotContain("govuk-input--error");
        assertThat(browser.driver().findElement(By.xpath("//fieldset[@id='ackDeadline']/.."))
                .getDomAttribute("class")).contains("govuk-form-group--error");
        for (String part : List.of("Day", "Month", "Year", "Time")) {
            assertThat(browser.driver().findElement(By.id("ackDeadline" + part)).getDomAttribute("aria-describedby"))
                    .isEqualTo("ackDeadline-hint ackDeadline-error");
        }
        assertThat(browser.driver().findElement(By.id("title")).getDomAttribute("aria-describedby"))
                .contains("title-hint", "title-error");
        assertEveryDescriptionExists();
        browser.screenshot("form-01-date-error");

        WebElement summary = browser.visible(By.cssSelector(".govuk-error-summary"));
        browser.waitFor(d -> d.switchTo().activeElement().equals(summary));
        WebElement link = summary.findElement(By.partialLinkText("The acknowledgement deadline"));
        assertThat(link.getDomAttribute("href")).isEqualTo("#ackDeadlineDay");
        link.click();
        browser.waitFor(d -> "ackDeadlineDay".equals(d.switchTo().activeElement().getDomAttribute("id")));
    }

    @Test
    void theTitleCountsItsCharactersAndTheHubRefusesOneTooLong() {
        assertThat(browser.visible(By.cssSelector("#title ~ .govuk-character-count__status")).getText())
                .isEqualTo("You have 120 characters remaining");
        assertThat(browser.driver().findElement(By.id("summary-info")).getText()).isNotNull();
        assertThat(browser.driver().findElements(By.cssSelector(".govuk-character-count")))
                .as("title, what happened, advice, letter").hasSize(4);
        String tooLong = "A".repeat(125);
        browser.type(By.id("title"), tooLong);
        browser.waitFor(textToBePresentInElementLocated(By.cssSelector("#title ~ .govuk-character-count__status"),
                "You have 5 characters too many"));

        browser.clickToNewPage(By.id("continue"), titleContains("Error: Raise an alert"));
        assertThat(browser.text(By.id("title-error")).replaceAll("\\s+", " "))
                .isEqualTo("Error: Title must be 120 characters or fewer");
        assertThat(browser.visible(By.id("title")).getDomProperty("value")).as("nothing typed is lost").isEqualTo(tooLong);
        assertThat(errorLinks()).contains("Title must be 120 characters or fewer -> #title");
        assertEveryDescriptionExists();
        browser.screenshot("form-02-title-too-long");
    }

    @Test
    void theSuggestedDeadlineFollowsTheSeverityAndAvoidsTheNight() {
        ZonedDateTime extreme = ELEVEN_PM.plus(hub.alerts().ackWithinExtreme()).atZone(UK);
        browser.choose("severity-EXTREME");
        waitForDeadline(fields(extreme.toLocalDate(), "%02d:%02d".formatted(extreme.getHour(), extreme.getMinute())));

        // 24 hours from 23:00 is 23:00 tomorrow: in the night, so 09:00 the morning after
        browser.choose("severity-MODERATE");
        LocalDate dayAfterTomorrow = LocalDate.of(2031, 6, 4);
        waitForDeadline(fields(dayAfterTomorrow, "09:00"));
        browser.screenshot("form-03-moderate-deadline-next-morning");

        // a deadline the raiser typed stays theirs
        browser.type(By.id("ackDeadlineDay"), "10");
        browser.choose("severity-MINOR");
        assertThat(deadline()).isEqualTo("10 6 2031 09:00");

        // left empty, the server suggests the severity's
        for (String part : List.of("Day", "Month", "Year", "Time")) {
            browser.type(By.id("ackDeadline" + part), "");
        }
        browser.choose("severity-MODERATE");
        for (String part : List.of("Day", "Month", "Year", "Time")) {
            browser.type(By.id("ackDeadline" + part), "");
        }
        browser.clickToNewPage(By.id("continue"), titleContains("Error: Raise an alert"));
        assertThat(deadline()).isEqualTo(fields(dayAfterTomorrow, "09:00"));
        assertThat(browser.driver().findElements(By.id("ackDeadline-error"))).isEmpty();
    }

    @Test
    void aTargetingThatReachesNoSchoolIsRefusedOnTheFormBesideTheTargeting() {
        fillIn("Coercion on a video-chat site");
        browser.type(By.id("urns"), "998002");
        assertThat(browser.driver().findElements(By.cssSelector("form details"))).as("nothing is hidden").isEmpty();
        browser.clickToNewPage(By.id("continue"), titleContains("Error: Raise an alert"));
        assertThat(errorLinks()).containsExactly(
                "The targeting matches no open school: tick other groups or name schools by URN -> #target");
        assertThat(browser.text(By.id("target-error")).replaceAll("\\s+", " "))
                .isEqualTo("Error: The targeting matches no open school: tick other groups or name schools by URN");
        browser.screenshot("form-04-no-school");

        browser.choose("la-993");
        browser.clickToNewPage(By.id("continue"), titleContains("Check your answers"));
        assertThat(browser.text(By.id("recipient-count"))).startsWith("This alert will go to 1 school in Formbury");
        // every Change link opens the form at its field
        assertThat(browser.driver().findElements(By.cssSelector("#alert-summary a"))).hasSize(10);
        assertThat(browser.deadLinks()).isEmpty();
    }

    @Test
    void theAuthorDiscardsADraftAndItIsGoneFromTheLists() {
        fillIn("A draft nobody needs");
        browser.choose("la-993");
        browser.clickToNewPage(By.id("continue"), titleContains("Check your answers"));
        String reference = browser.text(By.cssSelector("span.govuk-caption-l"));
        String checkUrl = browser.driver().getCurrentUrl();
        long id = Long.parseLong(checkUrl.replaceAll(".*/alerts/(\\d+)/check", "$1"));

        browser.clickToNewPage(By.id("discard"), titleContains("Discard " + reference));
        browser.screenshot("form-05-discard-confirm");
        browser.clickToNewPage(By.id("discard-confirm"), titleContains("Alerts"));
        assertThat(browser.text(By.cssSelector(".govuk-notification-banner__heading")))
                .isEqualTo("Draft " + reference + " discarded");
        assertThat(browser.driver().findElements(By.cssSelector("main table")).stream().map(WebElement::getText))
                .as("gone from every list").noneMatch(list -> list.contains(reference));
        assertThat(browser.driver().findElements(By.id("mine"))).as("the officer has no other alert").isEmpty();
        browser.open("/alerts/" + id, "Page not found");
        assertThat(jdbc.sql("select detail from audit_event where action = 'ALERT_DISCARDED' and subject_id = :id")
                .param("id", Long.toString(id)).query(String.class).list())
                .containsExactly(reference + " A draft nobody needs");

        // never something submitted, and never someone else's draft
        AlertContent content = alerts.get(alerts.raise(sample(), OFFICER, false).id()).content();
        long submitted = alerts.raise(content, OFFICER, true).id();
        assertThatThrownBy(() -> alerts.discard(submitted, OFFICER)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("only a draft can");
        long othersDraft = alerts.raise(content, OTHER_OFFICER, false).id();
        assertThatThrownBy(() -> alerts.discard(othersDraft, OFFICER)).isInstanceOf(FourEyesException.class);
        assertThat(alerts.get(othersDraft).status()).isEqualTo(AlertStatus.DRAFT);
    }

    private AlertContent sample() {
        return new AlertContent("Sample", "What happened", "Advice", null, Severity.SEVERE, Category.ONLINE_SAFETY,
                new org.safeguarding.hub.directory.Targeting(List.of("993"), List.of(), List.of(), List.of(), List.of()),
                java.util.Set.of(Channel.EMAIL), ELEVEN_PM.plusSeconds(86_400).atOffset(java.time.ZoneOffset.UTC),
                ELEVEN_PM.plusSeconds(7 * 86_400).atOffset(java.time.ZoneOffset.UTC), false);
    }

    private void fillIn(String title) {
        browser.type(By.id("title"), title);
        browser.type(By.id("summary"), "Several children were coerced into exposure on a video-chat site.");
        browser.type(By.id("adviceForSchools"), "Remind pupils how to report contact.");
        browser.choose("severity-SEVERE");
        new Select(browser.visible(By.id("category"))).selectByValue("ONLINE_SAFETY");
        date("ackDeadline", "5", "6", "2031", "17:30");
        date("expires", "12", "6", "2031", "09:00");
    }

    private void date(String field, String day, String month, String year, String time) {
        browser.type(By.id(field + "Day"), day);
        browser.type(By.id(field + "Month"), month);
        browser.type(By.id(field + "Year"), year);
        browser.type(By.id(field + "Time"), time);
    }

    private String deadline() {
        return String.join(" ", List.of("Day", "Month", "Year", "Time").stream()
                .map(part -> browser.driver().findElement(By.id("ackDeadline" + part)).getDomProperty("value")).toList());
    }

    private void waitForDeadline(String expected) {
        browser.waitFor(d -> expected.equals(deadline()));
    }

    private static String fields(LocalDate date, String time) {
        return date.getDayOfMonth() + " " + date.getMonthValue() + " " + date.getYear() + " " + time;
    }

    private String inputClass(String id) {
        return browser.driver().findElement(By.id(id)).getDomAttribute("class");
    }

    private List<String> errorLinks() {
        return browser.driver().findElements(By.cssSelector(".govuk-error-summary__list a")).stream()
                .map(a -> a.getText() + " -> " + a.getDomAttribute("href")).toList();
    }

    /** Every id an aria-describedby on the page names is an element on it. */
    private void assertEveryDescriptionExists() {
        List<WebElement> described = browser.driver().findElements(By.cssSelector("[aria-describedby]"));
        assertThat(described).isNotEmpty();
        for (WebElement element : described) {
            for (String id : element.getDomAttribute("aria-describedby").split("\\s+")) {
                assertThat(browser.driver().findElements(By.id(id)))
                        .as("%s's description %s", element.getDomAttribute("id"), id).hasSize(1);
            }
        }
    }

    private static ByteArrayInputStream utf8(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }
}
