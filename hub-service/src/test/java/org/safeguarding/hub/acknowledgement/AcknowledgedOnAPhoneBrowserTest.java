package org.safeguarding.hub.acknowledgement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.safeguarding.hub.delivery.TestSchools;
import org.safeguarding.hub.support.RealBrowser;

/**
 * A DSL opens the school's link again on a phone after a colleague confirmed it: the page must say so on its first
 * screen, not after the whole alert and its letter to parents (about 1,400 px down at phone width).
 */
class AcknowledgedOnAPhoneBrowserTest extends AcknowledgementTestBase {

    /** A small phone's viewport, in CSS pixels. */
    private static final Dimension PHONE = new Dimension(360, 640);

    @Test
    void aSecondVisitShowsWhoConfirmedAndWhenOnTheFirstScreen() throws IOException {
        TestSchools schools = TestSchools.importInto(context, "828", 8_280_001, 1);
        SentAlerts.Sent sent = alerts.send(schools, "Coercion on a random video-chat site", LETTER + " "
                + "Children may be asked to move to a private chat, to turn on their camera, and to keep it secret. "
                .repeat(6));
        long urn = sent.firstUrn();
        acknowledge(sent.token(urn));

        try (RealBrowser phone = new RealBrowser(browser.uri("/").getPort())) {
            phone.driver().manage().window().setSize(PHONE);
            phone.open("/ack/" + sent.token(urn), sent.reference());
            long viewport = ((Number) phone.driver().executeScript("return window.innerHeight")).longValue();
            assertThat(((Number) phone.driver().executeScript("return window.innerWidth")).longValue())
                    .as("laid out at a phone's width").isLessThanOrEqualTo(PHONE.width);
            WebElement banner = phone.visible(By.id("acknowledged-banner"));
            WebElement confirmedBy = phone.visible(By.id("acknowledgement"));

            assertThat(banner.getText()).contains("Acknowledged", "Your school has confirmed it received this alert");
            assertThat(confirmedBy.getText()).contains("Dana Lead, Designated safeguarding lead",
                    whenShown(CLOCK.instant()));
            assertThat(top(phone, banner)).as("the confirmation's top, within the first screen of " + viewport + " px")
                    .isLessThan(viewport);
            assertThat(top(phone, confirmedBy)).as("who confirmed and when, within the first screen").isLessThan(viewport);
            assertThat(top(phone, phone.visible(By.id("parent-letter")))).as("the letter comes after")
                    .isGreaterThan(top(phone, confirmedBy));
            phone.screenshot("ack-second-visit"); // last: a screenshot widens the window to the desktop's
        }
    }

    /** How far down the page an element starts, in CSS pixels, as the browser laid it out. */
    private static long top(RealBrowser browser, WebElement element) {
        return ((Number) browser.driver().executeScript(
                "return arguments[0].getBoundingClientRect().top + window.scrollY", element)).longValue();
    }
}
