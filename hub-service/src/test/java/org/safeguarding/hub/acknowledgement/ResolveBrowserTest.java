package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.titleContains;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.delivery.SentMail;
import org.safeguarding.hub.delivery.TestSchools;
import org.safeguarding.hub.support.RealBrowser;

/**
 * "Mark as resolved" in a real browser: one chair writes the closing message, a second approves it through "Approve
 * and send", whose confirmation says what goes where before anything is sent; then the alert's page says it is
 * resolved and that chasing stopped.
 */
class ResolveBrowserTest extends AcknowledgementTestBase {

    static final String APPROVER = "fanout-approver"; // HubApi's

    @Test
    void oneChairMarksTheAlertResolvedAndAnotherApprovesItAfterTheConfirmation() throws IOException {
        TestSchools schools = TestSchools.importInto(context, "943", 9_430_001, 2);
        SentAlerts.Sent original = alerts.send(schools, "Resolved in the browser", null);
        new Resolutions(context, api); // the chair's account
        String reference = original.reference() + "-R";
        int planned = urns(original.id()).size(); // the unreachable school too: the alert had a delivery for it

        try (RealBrowser browser = new RealBrowser(this.browser.uri("/").getPort())) {
            browser.signIn(Resolutions.CHAIR, TestAccounts.password(Resolutions.CHAIR));
            browser.open("/alerts/" + original.id(), original.reference());
            browser.clickToNewPage(By.id("resolve"), titleContains("Mark " + original.reference() + " as resolved"));
            assertThat(browser.text(By.id("resolve-tells"))).contains(planned + " schools", "including schools that have already"
                    + " confirmed it");
            browser.clickToNewPage(By.id("confirm-resolve"), titleContains("Error: "));
            assertThat(browser.text(By.id("message-error"))).contains("Enter the closing message for schools");
            browser.type(By.id("message"), "The site has been taken down. Thank you.");
            browser.clickToNewPage(By.id("confirm-resolve"), textToBePresentInElementLocated(
                    By.cssSelector(".govuk-notification-banner"), reference + " is awaiting approval"));
            assertThat(browser.driver().findElements(By.id("approve"))).as("not for its own raiser").isEmpty();
            browser.screenshot("resolve-01-awaiting-approval");
            browser.signOut();

            browser.signIn(APPROVER, TestAccounts.password(APPROVER));
            browser.open("/alerts/" + original.id(), original.reference());
            assertThat(browser.text(By.id("resolved-by"))).contains(reference, "once approved");
            browser.clickToNewPage(By.linkText(reference), titleContains(reference));
            browser.clickToNewPage(By.id("approve"), titleContains("Approve and send " + reference));
            assertThat(browser.text(By.id("send-warning"))).contains("You are about to send the all-clear " + reference
                    + " to " + planned + " schools by email.", "Send now?");
            assertThat(SentMail.of(SMTP, reference)).as("nothing sent before Send now").isEmpty();
            browser.screenshot("resolve-02-approve-and-send");
            browser.clickToNewPage(By.id("send-now"), textToBePresentInElementLocated(
                    By.cssSelector(".govuk-notification-banner"), reference + " approved"));

            await().atMost(Duration.ofSeconds(60)).until(() -> SentMail.of(SMTP, reference).size() == schools.emailedTo().size());
            browser.open("/alerts/" + original.id(), original.reference());
            assertThat(browser.text(By.id("resolved-by"))).contains(reference, "closes this alert");
            assertThat(browser.text(By.id("chase-stopped"))).contains("the alert was resolved (" + reference + ")");
            assertThat(browser.driver().findElements(By.id("resolve"))).isEmpty();
            browser.screenshot("resolve-03-alert-resolved");
        }
    }
}
