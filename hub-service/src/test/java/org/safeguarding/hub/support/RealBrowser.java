package org.safeguarding.hub.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for tests: Debian's Chromium driven through Debian's chromedriver, headless, with a throwaway
 * profile. Both paths are given to Selenium, so Selenium Manager never runs and nothing is downloaded. Every page
 * change is waited for explicitly; screenshots go to {@code target/screenshots}.
 */
public final class RealBrowser implements AutoCloseable {

    public static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    public static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1024;

    private final String base;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    public RealBrowser(int port) throws IOException {
        require(CHROMEDRIVER, "chromium-driver");
        require(CHROMIUM, "chromium");
        this.base = "http://127.0.0.1:" + port;
        this.profile = Files.createTempDirectory("hub-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.getPath());
        // no network beyond localhost here: without the background-networking switches Chromium hangs or is refused
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-GB");
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        try {
            this.driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    private static void require(File file, String debianPackage) {
        if (!file.canExecute()) {
            throw new AssertionError("Browser tests need " + file + " (Debian package " + debianPackage
                    + "; .ci/run installs it), but it is missing or not executable");
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public <T> T waitFor(ExpectedCondition<T> condition) {
        return wait.until(condition);
    }

    /** Opens a page of the hub and waits until its title says which page it is. */
    public void open(String path, String titleContains) {
        driver.get(base + path);
        waitFor(ExpectedConditions.titleContains(titleContains));
    }

    public WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public String text(By by) {
        return visible(by).getText();
    }

    /**
     * The links in this page's main content that lead nowhere: a "#id" with no such element here, or a page that is
     * an error, or that lacks the element its fragment names. Leaves the browser on this page.
     */
    public List<String> deadLinks() {
        String from = driver.getCurrentUrl();
        List<String> hrefs = driver.findElements(By.cssSelector("main a[href]")).stream()
                .map(a -> a.getDomAttribute("href")).distinct().toList();
        List<String> dead = new ArrayList<>();
        for (String href : hrefs) {
            if (href.startsWith("#")) {
                if (driver.findElements(By.id(href.substring(1))).size() != 1) {
                    dead.add(href);
                }
                continue;
            }
            URI target = URI.create(from).resolve(href);
            driver.get(target.toString());
            String title = driver.getTitle();
            if (title.startsWith("Sorry") || title.startsWith("That cannot be done")
                    || target.getFragment() != null && driver.findElements(By.id(target.getFragment())).size() != 1) {
                dead.add(href);
            }
            driver.get(from);
        }
        return dead;
    }

    /** Clicks something that loads a new page, and waits until the old page is gone and the new one is ready. */
    public void clickToNewPage(By by, ExpectedCondition<?> newPageReady) {
        WebElement oldPage = driver.findElement(By.tagName("html"));
        waitFor(ExpectedConditions.elementToBeClickable(by)).click();
        waitFor(ExpectedConditions.stalenessOf(oldPage));
        waitFor(newPageReady);
    }

    public void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    /** Selects a GOV.UK radio or checkbox by clicking its label, as a person does; a ticked box stays ticked. */
    public void choose(String inputId) {
        if (!driver.findElement(By.id(inputId)).isSelected()) {
            waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector("label[for='" + inputId + "']"))).click();
        }
        waitFor(ExpectedConditions.elementToBeSelected(By.id(inputId)));
    }

    public void signIn(String username, String password) {
        open("/sign-in", "Sign in");
        type(By.id("username"), username);
        type(By.id("password"), password);
        clickToNewPage(By.id("sign-in"), ExpectedConditions.textToBe(By.id("signed-in-as"), "Signed in as " + username));
    }

    public void signOut() {
        clickToNewPage(By.id("sign-out"), ExpectedConditions.urlContains("/sign-in?signed-out"));
    }

    /** A PNG of the whole page (the window is stretched to the page's height for it), named for the step. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
            Files.createDirectories(dir);
            // the window is taller than its viewport by the browser's own frame
            Number height = (Number) driver.executeScript("return Math.max(document.body.scrollHeight,"
                    + " document.documentElement.scrollHeight) + window.outerHeight - window.innerHeight");
            driver.manage().window().setSize(new Dimension(WIDTH, Math.min(Math.max(height.intValue(), HEIGHT), 8000)));
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
