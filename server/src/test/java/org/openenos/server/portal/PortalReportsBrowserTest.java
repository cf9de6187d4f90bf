package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.model.MeasurePointValue;
import org.openenos.server.ServerTestBase;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.timeseries.TimeSeriesModule;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/** The reports page in headless Chromium: an export run from the page, its run listed with the files to download. */
@ExtendWith(BrowserExtension.class)
class PortalReportsBrowserTest extends ServerTestBase {
    @Autowired
    TelemetryIngest ingest;
    @Autowired
    TimeSeriesModule timeSeries;

    @Test
    void anOperatorRunsAnExportFromThePageAndSeesTheRunWithItsFiles(Browser browser) throws Exception {
        Tenant t = newTenant();
        Instant noonYesterday = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(12));
        ingest.ingest(List.of(new MeasurePointValue(t.orgId(), "m1", "portal_meter", "power",
                noonYesterday.toEpochMilli(), 42.0, null))).get();
        assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();
        var saved = t.orgAdmin().post("/batch-processing-service/v2.1/exports", Map.of("action", "save",
                "orgId", t.orgId()), Map.of("name", "Portal meter",
                "selection", Map.of("assetIds", List.of("portal_meter"), "pointIds", List.of("power")),
                "period", "YESTERDAY", "formats", List.of("CSV", "PDF"),
                "report", Map.of("title", "Portal meter report")));
        assertThat(saved.ok()).as(saved.toString()).isTrue();
        String definitionId = saved.data().path("definitionId").asString();

        browser.signIn(LiveStreamApiTest.adminUserOf(t), PortalFixture.PASSWORD);
        browser.open("#/reports");
        browser.visible("tr[data-definition='" + definitionId + "'] button.primary").click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("section[aria-label='Export runs'] .run-status"), "SUCCEEDED"));
        assertThat(browser.driver.findElements(By.cssSelector("section[aria-label='Export runs'] button.file")))
                .extracting(WebElement::getText)
                // the day is the server's yesterday at the click, which a run at midnight would move
                .satisfiesExactly(csv -> assertThat(csv).matches("Portal-meter_\\d{4}-\\d{2}-\\d{2}\\.csv"),
                        pdf -> assertThat(pdf).matches("Portal-meter_\\d{4}-\\d{2}-\\d{2}\\.pdf"));
        browser.visible("section[aria-label='Export runs'] button.file").click();
        browser.visible("section[aria-label='Export runs'] button.file.downloaded");
        assertThat(browser.driver.findElements(By.cssSelector("oe-reports-page [role=alert]"))).isEmpty();
        browser.screenshot("reports-run");
    }
}
