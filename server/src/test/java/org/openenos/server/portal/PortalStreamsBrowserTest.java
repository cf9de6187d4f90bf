package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.model.MeasurePointValue;
import org.openenos.server.ServerTestBase;
import org.openenos.timeseries.TimeSeriesModule;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The stream jobs page in headless Chromium: a job created from the window template and its policy table, a dry
 * run charted beside its inputs, then released, started, paused and stopped from the list.
 */
@ExtendWith(BrowserExtension.class)
class PortalStreamsBrowserTest extends ServerTestBase {
    private static Browser browser;

    @Autowired
    ApplicationContext context;

    private void clickAction(String jobName, String action, String expectedStatus) {
        By row = By.xpath("//table[@id='stream-jobs']//tr[td[1][text()='" + jobName + "']]");
        browser.await().until(d -> {
            d.findElement(row).findElement(By.cssSelector("button[data-action=" + action + "]")).click();
            return true;
        });
        browser.await().withTimeout(Duration.ofSeconds(120)).until(d -> d.findElement(row)
                .findElement(By.cssSelector("td.status")).getText().startsWith(expectedStatus));
    }

    @Test
    void anOperatorCreatesAWindowJobDryRunsItOverHistoryAndRunsIt() throws Exception {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("st_inv"));
        var product = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", "st_inv"));
        var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", product.data().asString(), "deviceName", Map.of("defaultValue", "Inverter"),
                        "timezone", "+00:00"));
        String assetId = dev.data().path("assetId").asString();
        long t0 = (System.currentTimeMillis() - 20 * 60_000) / 60_000 * 60_000;
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < 12; i++) {
            values.add(new MeasurePointValue(t.orgId(), "st_inv", assetId, "temp", t0 + i * 10_000L, 20.0 + i, null));
        }
        TimeSeriesModule ts = context.getBean(TimeSeriesModule.class);
        ts.ingest().ingest(values).join();
        assertThat(ts.awaitStored(Duration.ofSeconds(30))).isTrue();

        String user = "streams-" + t.orgId();
        admin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", user, "password", "Streams-Admin-Pass-1", "role", "ORG_ADMIN"));
        browser.signIn(user, "Streams-Admin-Pass-1");
        browser.open("#/streams");
        browser.visible("#st-name").sendKeys("Temperature per minute");
        browser.driver.findElement(By.id("st-modelId-0")).sendKeys("st_inv");
        browser.driver.findElement(By.id("st-inputPoint-0")).sendKeys("temp");
        new Select(browser.driver.findElement(By.id("st-aggregation-0"))).selectByVisibleText("max");
        browser.driver.findElement(By.id("st-outputPoint-0")).sendKeys("power");
        browser.driver.findElement(By.cssSelector("form[aria-label='New stream job'] button[type=submit]")).click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stream-jobs"),
                "Temperature per minute"));
        assertThat(browser.driver.findElement(By.id("stream-jobs")).getText()).contains("DRAFT");

        browser.driver.findElement(By.id("dr-assets")).sendKeys(assetId);
        browser.driver.findElement(By.cssSelector("form[aria-label='Dry run'] button[type=submit]")).click();
        // the first dry run starts the embedded Flink cluster
        String summary = browser.await().withTimeout(Duration.ofSeconds(120)).until(
                ExpectedConditions.visibilityOfElementLocated(By.id("dry-summary"))).getText();
        assertThat(summary).startsWith("2 output values from 12 input values");
        assertThat(browser.driver.findElement(By.cssSelector("oe-series-chart .chart-box"))
                .getDomAttribute("data-series")).isEqualTo("2");
        browser.screenshot("stream-dry-run");

        clickAction("Temperature per minute", "release", "PUBLISHED");
        clickAction("Temperature per minute", "start", "RUNNING");
        browser.screenshot("stream-jobs");
        clickAction("Temperature per minute", "pause", "PAUSED");
        clickAction("Temperature per minute", "stop", "STOPPED");
        var stored = t.app().post("/streaming/v2.0/streaming/pipelines", Map.of("orgId", t.orgId()), null);
        String id = stored.data().path("pipelines").get(0).path("pipelineId").asString();
        var job = t.app().post("/streaming/v2.0/streaming/pipeline/" + id, Map.of("orgId", t.orgId()), null);
        assertThat(job.data().path("releasedConfig").path("policies").get(0).path("aggregation").asString())
                .isEqualTo("max");
    }
}
