package org.openenos.server.portal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A headless Chromium with fixed binaries (nothing is downloaded), waits that screenshot on timeout, sign-in. */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    final WebDriver driver;
    private final String base;

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    Browser(String base) throws Exception {
        this.base = base;
        Files.createDirectories(SCREENSHOTS);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("portal-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    WebDriverWait await() {
        // Lit re-renders replace elements between a look-up and its use: retry instead of failing on a stale one
        return (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
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

    @Override
    public void close() {
        driver.quit();
    }
}
