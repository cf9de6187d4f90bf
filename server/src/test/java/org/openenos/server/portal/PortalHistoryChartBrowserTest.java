package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.model.MeasurePointValue;
import org.openenos.server.ServerTestBase;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.testkit.Await;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The device history chart over a window with more samples than one page (six hours of one-second data): it shows
 * the whole window as averages with the min–max band and says so, instead of ending hours early; zoomed in, it
 * shows raw samples with time labels that do not run into each other.
 */
@ExtendWith(BrowserExtension.class)
class PortalHistoryChartBrowserTest extends ServerTestBase {
    private static final int SAMPLES = 6 * 3600;
    private static Browser browser;

    @Autowired
    TelemetryIngest ingest;

    @Test
    void sixHoursOfOneSecondDataAreShownToTheEndAsAggregatesWithANoticeAndZoomingInShowsRawSamples()
            throws Exception {
        Tenant t = newTenant();
        PortalFixture fixture = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                simpleModel("chart_dense"));
        long end = System.currentTimeMillis() / 1000 * 1000;
        long start = end - (SAMPLES - 1) * 1000L;
        List<MeasurePointValue> batch = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            long time = start + i * 1000L;
            batch.add(new MeasurePointValue(fixture.orgId(), fixture.modelId(), fixture.deviceAssetId(), "power",
                    time, 50 + 40 * Math.sin(i / 900.0) + (i % 7), null));
            if (batch.size() == 3600) {
                ingest.ingest(List.copyOf(batch)).get();
                batch.clear();
            }
        }
        Await.atMost(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(250)).until("the last sample stored",
                () -> fixture.admin().post("/tsdb-service/v2.1/raw", Map.of("orgId", fixture.orgId()),
                        Map.of("assetIds", fixture.deviceAssetId(), "pointIds", "power",
                                "startTime", Instant.ofEpochMilli(end - 5000).toString().replaceAll("\\.\\d+Z", "Z"),
                                "endTime", Instant.ofEpochMilli(end + 5000).toString().replaceAll("\\.\\d+Z", "Z"),
                                "pageSize", 100, "itemFormat", 2)),
                r -> r.ok() && r.data().path("items").path(0).path("timestamp").size() > 0);

        browser.signIn(fixture.adminUser(), PortalFixture.PASSWORD);
        browser.open("#/devices/" + fixture.deviceAssetId());
        new org.openqa.selenium.support.ui.Select(browser.visible("#chart-point")).selectByValue("power");
        browser.visible(".chart-box[data-status=ok] canvas");
        browser.driver.findElement(By.xpath("//div[@aria-label='Time range']/button[text()='6h']")).click();
        browser.visible(".chart-box[data-status=ok][data-mode=aggregate] canvas");
        WebElement box = browser.driver.findElement(By.cssSelector(".chart-box[data-mode=aggregate]"));
        String notice = browser.visible("#chart-notice").getText();
        assertThat(notice).contains("more than 10,000 samples").contains("average per 1 min").contains("min–max band");
        long last = Long.parseLong(box.getAttribute("data-last"));
        assertThat(end - last).as("the chart reaches the end of the window").isLessThanOrEqualTo(2 * 60_000L);
        assertThat(Integer.parseInt(box.getAttribute("data-samples"))).isBetween(355, 362);
        ((JavascriptExecutor) browser.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", box);
        browser.screenshot("history-aggregate-band");

        // drag across a few minutes: raw samples again, no notice
        WebElement over = browser.driver.findElement(By.cssSelector(".chart-box .u-over"));
        int width = over.getSize().getWidth();
        new Actions(browser.driver).moveToElement(over, 0, 0).clickAndHold()
                .moveByOffset(Math.max(6, width / 80), 0).release().perform();
        browser.visible(".chart-box[data-status=ok][data-mode=raw] canvas");
        assertThat(browser.driver.findElements(By.id("chart-notice"))).isEmpty();
        assertThat(overlappingTimeLabels()).as("time labels that overlap their neighbour").isEmpty();
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.querySelector('.chart-box').scrollIntoView({block: 'center'})");
        browser.screenshot("history-zoomed-raw");
    }

    /** uPlot draws the axis on a canvas: the rendered labels and their positions come from the plot itself. */
    @SuppressWarnings("unchecked")
    private List<String> overlappingTimeLabels() {
        return (List<String>) ((JavascriptExecutor) browser.driver).executeScript("""
                const u = document.querySelector('oe-history-chart').plot;
                const axis = u.axes[0];
                const ctx = document.createElement('canvas').getContext('2d');
                ctx.font = axis.font?.[0] ?? '12px system-ui';
                const labels = axis._values.map((text, i) => {
                  const x = u.valToPos(axis._splits[i], 'x');
                  const w = ctx.measureText(String(text).split('\\n')[0]).width;
                  return { text, from: x - w / 2, to: x + w / 2 };
                });
                const out = [];
                for (let i = 1; i < labels.length; i++) {
                  if (labels[i].from < labels[i - 1].to + 2) out.push(labels[i - 1].text + ' / ' + labels[i].text);
                }
                return out;""");
    }
}
