package org.safeguarding.hub.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.titleContains;
import static org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.delivery.DeliveryLedger;
import org.safeguarding.hub.support.BrowserPerTest;
import org.safeguarding.hub.support.RealBrowser;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What an update changes, in a real browser (headless Chromium): its check page and its page show each changed field
 * beside what schools had, so the approver sees the change; and every link on the update's check page leads somewhere
 * (a Change link opens the form at its field; none for what an update cannot change).
 */
class UpdateChangesBrowserTest extends AlertApiTestBase {

    private static final String OFFICER = "changes-officer";
    private static final String CHAIR = "changes-chair";
    private static final String TITLE = "Coercion on a video-chat site";
    private static final String NEW_TITLE = "Coercion on a video-chat site: it has moved";

    @Autowired
    DeliveryLedger ledger;

    private RealBrowser browser;

    @RegisterExtension
    final BrowserPerTest browsers = new BrowserPerTest("FAILED-");

    @BeforeEach
    void accountsAndBrowser() throws IOException {
        account(OFFICER, Role.RAISER);
        account(CHAIR, Role.APPROVER);
        browser = browsers.open(port);
    }

    @Test
    void theUpdateShowsOldAndNewAndItsCheckPageHasNoDeadLinks() {
        AlertApi api = new AlertApi(port);
        long id = api.raised(OFFICER, AlertFixtures.alertJson(TITLE));
        assertThat(api.approve(CHAIR, id).statusCode()).isEqualTo(200);
        ledger.plan(id);
        String reference = api.read(api.get(OFFICER, "/api/v1/alerts/" + id, "application/json")).get("reference").asText();

        browser.signIn(OFFICER, TestAccounts.password(OFFICER));
        browser.open("/alerts/" + id + "/update", "Update " + reference);
        browser.type(By.id("title"), NEW_TITLE);
        browser.choose("severity-MODERATE");
        browser.clickToNewPage(By.id("continue"), titleContains("Check your answers"));
        assertThat(changes()).containsExactly(
                List.of("Title", TITLE, NEW_TITLE),
                List.of("Severity", "Severe", "Moderate"));
        browser.screenshot("update-changes-01-check");

        // an update goes where and how its alert went: nothing offers to change that
        List<String> changeLinks = browser.driver().findElements(By.cssSelector("#alert-summary a")).stream()
                .map(WebElement::getText).toList();
        assertThat(changeLinks).isNotEmpty().noneMatch(text -> text.contains("channels") || text.contains("exercise"));
        String checkPage = browser.driver().getCurrentUrl();
        List<String> hrefs = browser.driver().findElements(By.cssSelector("main a[href]")).stream()
                .map(a -> a.getDomAttribute("href")).toList();
        assertThat(hrefs).anyMatch(h -> h.endsWith("/edit#title")).anyMatch(h -> h.endsWith("/edit#severity-MODERATE"));
        assertThat(browser.deadLinks()).isEmpty();

        browser.open(checkPage.substring(checkPage.indexOf("/alerts/")), "Check your answers");
        browser.clickToNewPage(By.id("submit-for-approval"), visibilityOfElementLocated(By.id("submitted-panel")));
        String update = browser.text(By.cssSelector("#submitted-panel strong"));
        browser.signOut();

        browser.signIn(CHAIR, TestAccounts.password(CHAIR));
        browser.open("/alerts/" + id, reference);
        browser.clickToNewPage(By.linkText(update), titleContains(update));
        assertThat(changes()).containsExactly(
                List.of("Title", TITLE, NEW_TITLE),
                List.of("Severity", "Severe", "Moderate"));
        browser.screenshot("update-changes-02-approver-sees-the-change");
        browser.clickToNewPage(By.id("approve"), titleContains("Approve and send"));
        browser.clickToNewPage(By.id("send-now"),
                textToBePresentInElementLocated(By.cssSelector(".govuk-notification-banner"), update + " approved"));

        browser.open("/alerts/" + id, reference);
        assertThat(browser.driver().findElements(By.id("update-changes"))).as("an alert of its own changes nothing").isEmpty();
    }

    private List<List<String>> changes() {
        return browser.driver().findElements(By.cssSelector("#update-changes tbody tr")).stream()
                .map(row -> row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList())
                .toList();
    }
}
