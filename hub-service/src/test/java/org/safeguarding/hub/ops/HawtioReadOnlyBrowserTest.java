package org.safeguarding.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.safeguarding.hub.account.AccountRepository;
import org.safeguarding.hub.account.Role;
import org.safeguarding.hub.account.TestAccounts;
import org.safeguarding.hub.support.BrowserPerTest;
import org.safeguarding.hub.support.RealBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * Hawtio in a real browser, under the read-only Jolokia policy, its own Content-Security-Policy and the hub's
 * same-origin rule: OPS still sees the Camel routes and the broker's queues.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
class HawtioReadOnlyBrowserTest {

    private static final String OPS = "hawtio-ops";

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    PasswordEncoder passwords;

    RealBrowser browser;

    @RegisterExtension
    final BrowserPerTest browsers = new BrowserPerTest("FAILED-hawtio-");

    @BeforeEach
    void opsAndBrowser() throws IOException {
        TestAccounts.ensure(accounts, passwords, OPS, Role.OPS);
        browser = browsers.open(port);
        browser.signIn(OPS, TestAccounts.password(OPS));
    }

    @Test
    void opsSeesTheRoutesAndTheBrokerQueues() {
        WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(30));
        browser.driver().get("http://127.0.0.1:" + port + "/actuator/hawtio/camel/routes");
        wait.until(driver -> driver.getPageSource().contains("outbox-relay"));
        browser.screenshot("hawtio-camel-routes");

        browser.driver().get("http://127.0.0.1:" + port + "/actuator/hawtio/jmx");
        wait.until(driver -> driver.getPageSource().contains("org.apache.activemq.artemis"));
        browser.driver().findElement(By.xpath("//button[normalize-space()='Expand all']")).click();
        wait.until(driver -> driver.getPageSource().contains("hub.deliveries.email"));
        browser.screenshot("hawtio-jmx-queues");
        assertThat(browser.driver().manage().logs().get("browser").getAll())
                .filteredOn(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .extracting(entry -> entry.getMessage())
                .noneMatch(message -> message.contains("Content Security Policy") || message.contains("Origin"));
    }
}
