package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The SQL console in headless Chromium: a query run with Ctrl+Enter, its rows paged, cut at the row limit shown,
 * downloaded as CSV; a bad query and a write answered with a readable sentence; earlier queries recalled.
 */
@ExtendWith(BrowserExtension.class)
class PortalSqlBrowserTest extends ServerTestBase {
    private static final String NUMBERS = "SELECT n, 'row ' || CAST(n AS VARCHAR) AS label FROM (VALUES "
            + IntStream.rangeClosed(1, 120).mapToObj(i -> "(" + i + ")").collect(Collectors.joining(", "))
            + ") AS t(n) ORDER BY n";

    private static void replace(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }

    @Test
    void anAnalystRunsPagesDownloadsAndRecallsQueriesAndReadsErrorsAsSentences(Browser browser) throws Exception {
        Tenant t = newTenant();
        browser.signIn(LiveStreamApiTest.adminUserOf(t), PortalFixture.PASSWORD);
        browser.open("#/sql");
        assertThat(browser.visible("#sql-limits-text").getText()).contains("Read-only", "1000 rows", "30 s");
        WebElement editor = browser.visible("#sql-editor");
        replace(editor, NUMBERS);
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        // the first SQL of a fresh server compiles Calcite's code: allow more than the usual 15 s
        new WebDriverWait(browser.driver, Duration.ofSeconds(120)).until(ExpectedConditions
                .textToBePresentInElementLocated(By.cssSelector(".sql-summary"), "120 rows"));
        assertThat(browser.visible(".page-info").getText()).startsWith("rows 1–50 of 120");
        assertThat(browser.driver.findElements(By.cssSelector("table.sql-rows th")))
                .extracting(th -> th.getDomProperty("textContent")).containsExactly("n", "label");
        browser.visible("#next-page").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".page-info"),
                "rows 51–100 of 120"));
        assertThat(browser.driver.findElement(By.cssSelector("table.sql-rows tbody tr td")).getText())
                .isEqualTo("51");

        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        js.executeScript("window.csvText = null; const make = URL.createObjectURL;"
                + "URL.createObjectURL = (blob) => { blob.text().then((s) => { window.csvText = s; });"
                + " return make(blob); };");
        browser.visible("#download-csv").click();
        browser.await().until(d -> ((JavascriptExecutor) d).executeScript("return window.csvText") != null);
        String csv = (String) js.executeScript("return window.csvText");
        assertThat(csv.split("\r?\n")).hasSize(121).startsWith("n,label", "1,row 1").endsWith("120,row 120");

        replace(browser.visible("input[name=maxRows]"), "100");
        browser.visible("input[name=maxRows]").sendKeys(Keys.TAB);
        browser.visible("#run-sql").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".sql-summary"),
                "more rows than the limit of 100"));
        assertThat(browser.visible(".sql-summary").getText()).startsWith("100 rows");

        replace(browser.visible("#sql-editor"), "SELECT nope FROM nowhere");
        browser.visible("#sql-editor").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        String error = browser.visible("oe-sql-page p.error[role=alert]").getText();
        assertThat(error).startsWith("Running the query failed: the server refused the input (")
                .contains("nowhere").doesNotContain("99400").doesNotContain("Exception");
        replace(browser.visible("#sql-editor"), "DELETE FROM assets");
        browser.visible("#run-sql").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("oe-sql-page p.error"), "only queries"));
        browser.screenshot("sql-console-error");

        browser.open("#/workflows");
        browser.open("#/sql");
        var earlier = browser.driver.findElements(By.cssSelector("section[aria-label='Query history'] li button"));
        assertThat(earlier).hasSize(1).first().extracting(WebElement::getText).asString().startsWith("SELECT n,");
        assertThat(browser.visible("#sql-editor").getDomProperty("value")).isEqualTo(NUMBERS);
    }
}
