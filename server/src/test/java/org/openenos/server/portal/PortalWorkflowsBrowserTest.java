package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The workflows page in headless Chromium: a two-task workflow built in the editor (a form per task, the second
 * after the first, the DAG drawn), run once and watched to success with per-task states and a log, a backfill of two
 * days, and a waiting run canceled from the page.
 */
@ExtendWith(BrowserExtension.class)
class PortalWorkflowsBrowserTest extends ServerTestBase {
    private static final String FLOWS = "/batch-processing-service/v2.1/flows";

    private static void type(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text, Keys.TAB);
    }

    @Test
    void anAnalystBuildsRunsBackfillsAndCancelsAWorkflowFromThePage(Browser browser) throws Exception {
        Tenant t = newTenant();
        browser.signIn(LiveStreamApiTest.adminUserOf(t), PortalFixture.PASSWORD);
        browser.open("#/workflows");
        browser.visible("#new-workflow").click();
        type(browser.visible("input[name=flowName]"), "Asset list");
        WebElement first = browser.visible("fieldset[data-task-index='0']");
        type(first.findElement(By.name("taskName")), "list");
        new Select(browser.visible("fieldset[data-task-index='0'] select[name=type]")).selectByVisibleText("SYNC");
        type(browser.visible("fieldset[data-task-index='0'] input[name=cfg-source]"),
                "sql:SELECT asset_id, name FROM assets");
        type(browser.visible("fieldset[data-task-index='0'] input[name=cfg-target]"), "csv:assets-${cal_dt}.csv");
        browser.visible("#add-task").click();
        type(browser.visible("fieldset[data-task-index='1'] input[name=taskName]"), "copy");
        new Select(browser.visible("fieldset[data-task-index='1'] select[name=type]")).selectByVisibleText("SYNC");
        type(browser.visible("fieldset[data-task-index='1'] input[name=cfg-source]"), "csv:assets-${cal_dt}.csv");
        type(browser.visible("fieldset[data-task-index='1'] input[name=cfg-target]"), "csv:copy-${cal_dt8}.csv");
        browser.visible("fieldset[data-task-index='1'] input[name=after][value=list]").click();
        browser.await().until(d -> d.findElements(By.cssSelector("form oe-flow-graph line.flow-edge")).size() == 1);
        assertThat(browser.driver.findElements(By.cssSelector("form oe-flow-graph g.flow-node")))
                .extracting(e -> e.getAttribute("data-task")).containsExactly("list", "copy");
        browser.visible("#save-workflow").click();
        browser.await().until(ExpectedConditions.urlMatches("#/workflows/\\d+$"));
        String flowId = browser.driver.getCurrentUrl().replaceAll(".*#/workflows/", "");
        var stored = t.orgAdmin().post(FLOWS, Map.of("action", "get", "orgId", t.orgId(), "flowId", flowId),
                null);
        assertThat(stored.data().path("relations").get(0).path("sourceTaskName").asString()).isEqualTo("list");

        browser.visible("#run-once").click();
        browser.visible("section[aria-label=Runs] tr[data-instance] a").click();
        // the first SQL of a fresh server compiles Calcite's code: allow more than the usual 15 s
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(120))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".run-detail h2"),
                        "succeeded"));
        assertThat(browser.driver.findElements(By.cssSelector(".run-detail td.task-status")))
                .extracting(WebElement::getText).containsExactly("succeeded", "succeeded");
        assertThat(browser.driver.findElements(By.cssSelector(".run-detail g.flow-node.success"))).hasSize(2);
        browser.visible(".run-detail tr[data-task=copy] button.show-log").click();
        assertThat(browser.visible("pre.task-log").getText()).contains("read 0 rows from csv:assets-")
                .contains("succeeded: wrote 0 rows to csv:copy-"); // a new organization has no asset yet
        browser.screenshot("workflows-run");

        WebElement from = browser.visible("#backfill input[name=startDate]");
        from.sendKeys("03012026");
        browser.driver.findElement(By.cssSelector("#backfill input[name=endDate]")).sendKeys("03022026");
        browser.driver.findElement(By.cssSelector("#backfill button[type=submit]")).click();
        assertThat(browser.visible("p.ok").getText()).isEqualTo("2 runs queued.");
        browser.await().until(d -> d.findElements(By.cssSelector("section[aria-label=Runs] tr[data-instance]"))
                .size() == 3);

        // a run waiting for another workflow's run of its date, canceled from the page
        var upstream = t.orgAdmin().post(FLOWS, Map.of("action", "save", "orgId", t.orgId()), Map.of(
                "flowName", "never run", "tasks", List.of(Map.of("name", "x", "type", "SYNC", "config",
                        Map.of("source", "csv:none.csv", "target", "csv:none2.csv")))));
        var waiting = t.orgAdmin().post(FLOWS, Map.of("action", "save", "orgId", t.orgId()), Map.of(
                "flowName", "report after", "flowLinks", List.of(Map.of("flowId",
                        upstream.data().path("flowId").asLong())),
                "tasks", List.of(Map.of("name", "y", "type", "SYNC", "config",
                        Map.of("source", "csv:none.csv", "target", "csv:none3.csv")))));
        long waitingFlow = waiting.data().path("flowId").asLong();
        t.orgAdmin().post(FLOWS, Map.of("action", "trigger", "orgId", t.orgId()), Map.of("flowId", waitingFlow,
                "triggerTime", Instant.parse("2026-03-02T00:00:00Z").toEpochMilli()));
        browser.open("#/workflows/" + waitingFlow);
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("section[aria-label=Runs] .run-status"), "waiting for flow"));
        browser.visible("section[aria-label=Runs] button.cancel").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("section[aria-label=Runs] .run-status"), "canceled"));
        browser.open("#/workflows");
        assertThat(browser.visible("section[aria-label=Workflows] table").getText())
                .contains("Asset list", "list → copy", "report after");
        browser.screenshot("workflows-list");
        assertThat(browser.driver.findElements(By.cssSelector("oe-workflows-page [role=alert]"))).isEmpty();
    }
}
