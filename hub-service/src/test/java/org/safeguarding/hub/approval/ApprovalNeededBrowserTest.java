package org.safeguarding.hub.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openqa.selenium.support.ui.ExpectedConditions.titleContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import com.icegreen.greenmail.util.GreenMail;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.safeguarding.hub.account.Account;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.alert.AlertFixtures;
import org.safeguarding.hub.alert.AlertService;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.directory.ContactImport;
import org.safeguarding.hub.directory.EstablishmentImport;
import org.safeguarding.hub.support.BrowserPerTest;
import org.safeguarding.hub.support.RealBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A user's day in a real browser (headless Chromium): an officer raises an EXTREME alert on the form; the chair's
 * "Approval needed" email arrives (GreenMail); the chair follows its link, signs in, lands on the alert, and finds it
 * first on their start page, ahead of an older SEVERE one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "hub.public-base-url=https://alerts.example.org.uk",
        "hub.approval-notices.poll-interval=200"})
@ActiveProfiles("test")
class ApprovalNeededBrowserTest {

    private static final String OFFICER = "day-officer";
    private static final String CHAIR = "day-chair";
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final Pattern LINK = Pattern.compile("https://alerts\\.example\\.org\\.uk(/alerts/\\d+)");
    static final GreenMail SMTP = SentMail.smtpServer(0);

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    EstablishmentImport schools;
    @Autowired
    ContactImport contacts;
    @Autowired
    AlertService alerts;

    private RealBrowser browser;

    @RegisterExtension
    final BrowserPerTest browsers = new BrowserPerTest("FAILED-");

    @Test
    void theChairIsEmailedAnExtremeAlertFollowsTheLinkAndFindsItFirst() throws IOException {
        AlertFixtures.importDirectory(schools, contacts);
        accounts.create(new Account(OFFICER, passwords.encode("pw-" + OFFICER), "PC Day", "Alertshire Police",
                Role.RAISER, true, "day-officer@police.example", null));
        accounts.create(new Account(CHAIR, passwords.encode("pw-" + CHAIR), "Dr Day", "Alertshire Partnership",
                Role.APPROVER, true, "day-chair@partnership.example", null));
        // an older, less severe alert already waiting
        String older = alerts.raise(AlertFixtures.content("An older severe alert", OffsetDateTime.now()), OFFICER,
                true).reference();
        browser = browsers.open(port);

        browser.signIn(OFFICER, "pw-" + OFFICER);
        browser.open("/alerts/new", "Raise an alert");
        LocalDate tomorrow = LocalDate.now(UK).plusDays(1);
        browser.type(By.id("title"), "Live coercion on a video-chat site tonight");
        browser.type(By.id("summary"), "Children are being coerced into exposure on a video-chat site now.");
        browser.type(By.id("adviceForSchools"), "Warn parents today; tell the DSL about any disclosure.");
        browser.choose("severity-EXTREME");
        new Select(browser.visible(By.id("category"))).selectByValue("ONLINE_SAFETY");
        browser.choose("la-" + AlertFixtures.LA);
        browser.choose("channel-EMAIL");
        date("ackDeadline", tomorrow, "09:00");
        date("expires", tomorrow.plusDays(7), "09:00");
        browser.clickToNewPage(By.id("continue"), titleContains("Check your answers"));
        browser.clickToNewPage(By.id("submit-for-approval"), visibilityOfElementLocated(By.id("submitted-panel")));
        String reference = browser.text(By.cssSelector("#submitted-panel strong"));
        browser.screenshot("day-01-officer-submitted-extreme");
        browser.signOut();

        await().atMost(Duration.ofSeconds(30)).until(() -> !SentMail.approvalNotices(SMTP, reference).isEmpty());
        SentMail.Email notice = SentMail.to(SentMail.approvalNotices(SMTP, reference), "day-chair@partnership.example");
        assertThat(notice.subject()).startsWith("Approval needed: EXTREME alert " + reference);
        Matcher link = LINK.matcher(notice.text());
        assertThat(link.find()).as(notice.text()).isTrue();

        // the chair follows the link: sign in first, then straight to the alert
        browser.driver().get("http://127.0.0.1:" + port + link.group(1));
        browser.waitFor(titleContains("Sign in"));
        browser.type(By.id("username"), CHAIR);
        browser.type(By.id("password"), "pw-" + CHAIR);
        browser.clickToNewPage(By.id("sign-in"), titleContains(reference));
        assertThat(browser.driver().findElements(By.id("approve"))).as("the chair may decide it").isNotEmpty();
        browser.screenshot("day-02-chair-followed-the-link");

        browser.open("/", "Safeguarding Alert Hub");
        WebElement awaiting = browser.visible(By.id("awaiting-you"));
        List<String> rows = awaiting.findElements(By.cssSelector("tbody tr")).stream().map(WebElement::getText).toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rows.get(0)).startsWith(reference).contains("EXTREME");
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith(older));
        browser.screenshot("day-03-chair-start-page");
        browser.clickToNewPage(By.linkText(reference), ExpectedConditions.titleContains(reference));
    }

    private void date(String field, LocalDate date, String time) {
        browser.type(By.id(field + "Day"), Integer.toString(date.getDayOfMonth()));
        browser.type(By.id(field + "Month"), Integer.toString(date.getMonthValue()));
        browser.type(By.id(field + "Year"), Integer.toString(date.getYear()));
        browser.type(By.id(field + "Time"), time);
    }
}
