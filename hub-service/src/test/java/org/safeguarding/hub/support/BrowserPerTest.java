package org.safeguarding.hub.support;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's real browser, registered as an instance field ({@code @RegisterExtension final BrowserPerTest browsers =
 * new BrowserPerTest("FAILED-")}): the test opens it when it wants it; when the test fails it is photographed as the
 * page then was (before any @AfterEach method runs), named with the prefix and the test's name; after the test it is
 * closed.
 */
public final class BrowserPerTest implements AfterTestExecutionCallback, AfterEachCallback {

    private final String failurePrefix;
    private RealBrowser browser;

    public BrowserPerTest(String failurePrefix) {
        this.failurePrefix = failurePrefix;
    }

    /** A headless Chromium for the hub on {@code port}, closed after the test. */
    public RealBrowser open(int port) throws IOException {
        browser = new RealBrowser(port);
        return browser;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent() && browser != null) {
            browser.screenshot(failurePrefix + context.getRequiredTestMethod().getName());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}
