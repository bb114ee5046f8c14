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
 * Updating and cancelling a sent alert on the pages, in a real browser (headless Chromium): the officer updates it
 * on the raise form, prefilled and with who it goes to fixed, a chair approves the update, and a chair cancels the
 * alert, giving the reason. The outbox relay is held (the context AlertApiTest shares): the test plans the alert
 * itself, so it is being sent, and nothing leaves the hub.
 */
class UpdateAndCancelBrowserTest extends AlertApiTestBase {

    private static final String OFFICER = "pages-officer";
    private static final String CHAIR = "pages-chair";

    @Autowired
    DeliveryLedger ledger;

    private RealBrowser browser;

    @RegisterExtension
    final BrowserPerTest browsers = new BrowserPerTest("FAILED-");

    @BeforeEach
    void accountsDirectoryAndBrowser() throws IOException {
        account(OFFICER, Role.RAISER);
        account(CHAIR, Role.APPROVER);
        browser = browsers.open(port);
    }

    @Test
    void theOfficerUpdatesTheSentAlertAChairApprovesItAndThenCancelsTheAlert() {
        AlertApi api = new AlertApi(port);
        long id = api.raised(OFFICER, AlertFixtures.alertJson("Coercion on a video-chat site"));
        assertThat(api.approve(CHAIR, id).statusCode()).isEqualTo(200);
        ledger.plan(id);
        String reference = api.read(api.get(OFFICER, "/api/v1/alerts/" + id, "application/json")).get("reference").asText();

        browser.signIn(OFFICER, TestAccounts.password(OFFICER));
        browser.open("/alerts/" + id, reference);
        assertThat(browser.driver().findElements(By.id("cancel"))).as("only an approver cancels").isEmpty();
        browser.clickToNewPage(By.id("update"), titleContains("Update " + reference));
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Update the alert");
        assertThat(browser.visible(By.id("title")).getDomProperty("value")).isEqualTo("Coercion on a video-chat site");
        assertThat(browser.text(By.id("recipient-count")).replaceAll("\\s+", " "))
                .isEqualTo("It goes to the 3 schools " + reference + " went to, the same way: Email, Text message (SMS).");
        assertThat(browser.driver().findElements(By.cssSelector("input[type='checkbox'][name='localAuthorities']")))
                .as("who it goes to cannot change").isEmpty();
        browser.screenshot("update-01-form-prefilled");

        browser.type(By.id("title"), " ");
        browser.clickToNewPage(By.id("continue"), titleContains("Error: Update " + reference));
        WebElement errorSummary = browser.visible(By.cssSelector(".govuk-error-summary"));
        List<String> links = errorSummary.findElements(By.cssSelector(".govuk-error-summary__list a")).stream()
                .map(a -> a.getText() + " -> " + a.getDomAttribute("href")).toList();
        assertThat(links).containsExactly("Enter a title -> #title");
        assertThat(browser.text(By.id("title-error")).replaceAll("\\s+", " ")).isEqualTo("Error: Enter a title");
        browser.screenshot("update-02-error-next-to-the-field");

        browser.type(By.id("title"), "Coercion on a video-chat site: it has moved");
        browser.type(By.id("adviceForSchools"), "Block the new address as well.");
        browser.clickToNewPage(By.id("continue"), titleContains("Check your answers"));
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Check your answers before submitting the update");
        assertThat(browser.text(By.id("recipient-count"))).startsWith("It goes to the 3 schools " + reference);
        browser.clickToNewPage(By.id("submit-for-approval"), visibilityOfElementLocated(By.id("submitted-panel")));
        String update = browser.text(By.cssSelector("#submitted-panel strong"));
        assertThat(update).isEqualTo(reference + "-U1");
        assertThat(browser.text(By.id("follows-up"))).startsWith("This updates " + reference);
        browser.screenshot("update-03-submitted");
        browser.signOut();

        browser.signIn(CHAIR, TestAccounts.password(CHAIR));
        browser.open("/alerts/" + id, reference);
        assertThat(browser.text(By.id("pending-update"))).contains(update, "awaiting approval");
        browser.clickToNewPage(By.linkText(update), titleContains(update));
        browser.clickToNewPage(By.id("approve"), titleContains("Approve and send " + update));
        browser.clickToNewPage(By.id("send-now"),
                textToBePresentInElementLocated(By.cssSelector(".govuk-notification-banner"), update + " approved"));
        browser.open("/alerts/" + id, reference);
        assertThat(browser.text(By.id("superseded-by"))).contains("schools now have " + update);
        browser.screenshot("update-04-original-superseded");

        browser.clickToNewPage(By.id("cancel"), titleContains("Cancel " + reference));
        assertThat(browser.text(By.id("cancel-tells"))).contains("3 schools", "emailed at once that it is withdrawn");
        browser.clickToNewPage(By.id("confirm-cancel"), titleContains("Error: Cancel " + reference));
        assertThat(browser.visible(By.cssSelector(".govuk-error-summary__list a")).getDomAttribute("href")).isEqualTo("#reason");
        assertThat(browser.text(By.id("reason-error")).replaceAll("\\s+", " "))
                .isEqualTo("Error: Enter the reason for cancelling the alert");
        browser.screenshot("cancel-01-reason-missing");
        browser.type(By.id("reason"), "The site was taken down this morning.");
        browser.clickToNewPage(By.id("confirm-cancel"), textToBePresentInElementLocated(
                By.cssSelector(".govuk-notification-banner"), reference + "-C is on its way to the schools"));
        assertThat(browser.text(By.id("follows-up"))).startsWith("This withdraws " + reference);
        browser.screenshot("cancel-02-cancel-message");
        browser.open("/alerts/" + id, reference);
        assertThat(browser.text(By.id("cancelled-by"))).contains(reference + "-C", "The site was taken down this morning.");
        assertThat(browser.driver().findElements(By.id("update"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("cancel"))).isEmpty();
        browser.screenshot("cancel-03-original-withdrawn");

        // after a cancel nobody is chased, the update says so too, and the list shows the alert once, cancelled
        assertThat(browser.text(By.id("chase-heading"))).isEqualTo("Chasing stopped");
        assertThat(browser.text(By.id("chase-stopped"))).contains("the alert was cancelled (" + reference + "-C)");
        browser.open("/alerts?q=" + reference, "Alerts");
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#all tbody tr"));
        assertThat(rows).as("one row for the alert, its update and its cancel").hasSize(1);
        assertThat(rows.get(0).findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .contains(reference).anyMatch(cell -> cell.matches("\\d{1,2} [A-Z][a-z]{2} \\d{4}"))
                .anyMatch(cell -> cell.startsWith("Cancelled") && cell.contains(reference + "-C"));
        browser.screenshot("cancel-04-listed-once");
    }
}
