package org.safeguarding.hub.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.titleContains;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.safeguarding.hub.alert.AlertApiTestBase;
import org.safeguarding.hub.support.RealBrowser;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An admin's day in a real browser (headless Chromium): "Disable" asks first and changes nothing until confirmed, and
 * an address that leads nowhere is a GOV.UK page, not JSON.
 */
class AccountAdministrationBrowserTest extends AlertApiTestBase {

    private static final String ADMIN = "walk-admin";
    private static final String OFFICER = "walk-officer";

    @Autowired
    AccountRepository accounts;

    private RealBrowser browser;

    @BeforeEach
    void accountsAndBrowser() throws IOException {
        account(ADMIN, Role.ADMIN);
        account(OFFICER, Role.RAISER);
        browser = new RealBrowser(port);
    }

    @AfterEach
    void quitBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void disablingAnAccountAsksFirst() {
        browser.signIn(ADMIN, TestAccounts.password(ADMIN));
        browser.open("/accounts", "Accounts");
        browser.clickToNewPage(By.cssSelector("a[href$='/accounts/" + OFFICER + "/disable']"), titleContains(OFFICER));
        assertThat(browser.text(By.cssSelector(".govuk-warning-text"))).isNotBlank();
        assertThat(accounts.findByUsername(OFFICER).orElseThrow().enabled()).as("nothing happens on the first click").isTrue();
        browser.screenshot("admin-01-disable-asks-first");

        browser.clickToNewPage(By.id("confirm"), titleContains("Accounts"));
        assertThat(browser.text(By.cssSelector(".govuk-notification-banner"))).contains("Account " + OFFICER + " disabled");
        assertThat(accounts.findByUsername(OFFICER).orElseThrow().enabled()).isFalse();
    }

    @Test
    void addressesThatLeadNowhereArePages() {
        browser.signIn(ADMIN, TestAccounts.password(ADMIN));
        browser.open("/alerts/9999", "Page not found");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Page not found");
        browser.open("/directory/schools/abc", "There is a problem with the web address");
        browser.open("/no/such/page", "Page not found");
        assertThat(browser.driver().getPageSource()).doesNotContain("\"status\"");
        browser.screenshot("admin-02-page-not-found");
    }
}
