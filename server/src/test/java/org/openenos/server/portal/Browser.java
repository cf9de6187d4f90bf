package org.openenos.server.portal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium with fixed binaries (nothing is downloaded), waits that screenshot on timeout, sign-in. Tests
 * get one from {@link BrowserExtension}, which shares a single Chromium among all browser test classes of the JVM.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    /**
     * Waits poll this often (Selenium's default is 500 ms): a wait outlasts the page by half the interval on average.
     * 100 ms keeps nearly all of the gain of 50 ms and leaves a page a little more time to finish drawing what a
     * test reads right after the element it waited for.
     */
    private static final Duration POLL = Duration.ofMillis(100);

    final WebDriver driver;
    private String base;

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    Browser() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("portal-chromium"));
        // console messages, to find Content-Security-Policy violations (see close())
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    WebDriverWait await() {
        // Lit re-renders replace elements between a look-up and its use: retry instead of failing on a stale one
        return (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(15), POLL)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    /** The server that {@link #open} and {@link #signIn} talk to. */
    Browser at(String base) {
        this.base = base;
        return this;
    }

    void open(String hash) {
        driver.get(base + "/" + hash);
    }

    WebElement visible(String css) {
        try {
            return await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                screenshot("failed-" + css.replaceAll("[^a-z]+", "-"));
            } catch (Exception ignored) {
                // the timeout is the failure worth reporting
            }
            throw e;
        }
    }

    /** Runs {@code script} in the page and returns what it returns. */
    Object js(String script, Object... args) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Signs in as {@code user} whoever was signed in before: the portal keeps its session in session storage, which
     * an earlier test of the class may have left signed in to another organization.
     */
    void signInAfresh(String user, String password) {
        open("#/tree");
        js("sessionStorage.clear()");
        driver.navigate().refresh();
        signIn(user, password);
    }

    void signIn(String user, String password) {
        open("#/tree");
        visible("oe-login-form input[name=username]").sendKeys(user);
        driver.findElement(By.cssSelector("oe-login-form input[type=password]")).sendKeys(password);
        driver.findElement(By.cssSelector("oe-login-form button[type=submit]")).click();
        visible("#whoami");
    }

    void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Console messages since the last call that report a Content-Security-Policy violation. */
    List<String> policyViolations() {
        List<String> violations = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getMessage().contains("Content Security Policy")) {
                violations.add(entry.getMessage());
            }
        }
        return violations;
    }

    /** Every portal test doubles as a test of the security headers: a CSP violation on any page fails it. */
    void assertNoPolicyViolations() {
        List<String> violations = policyViolations();
        if (!violations.isEmpty()) {
            throw new AssertionError("the portal violated its Content-Security-Policy: " + violations);
        }
    }

    /**
     * Back to what a fresh Chromium shows, for the next test class: one new tab (no session storage, no emulated
     * device or time zone) at desktop size, no cookies or local storage of the server, no console messages left.
     */
    void reset() {
        String fresh = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        for (String tab : driver.getWindowHandles()) {
            if (!tab.equals(fresh)) {
                driver.switchTo().window(tab).close();
            }
        }
        driver.switchTo().window(fresh);
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        if (base != null) {
            chrome.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", base, "storageTypes", "all"));
        }
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.manage().logs().get(LogType.BROWSER);
        base = null;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
