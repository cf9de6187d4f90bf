package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.ApiClient;
import org.openenos.server.ServerTestBase;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.testkit.Await;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The portal in a real headless Chromium against the real server: one user journey from sign-in through the tree,
 * live values, the history chart and a dashboard, then a viewer. Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(BrowserExtension.class)
class PortalBrowserTest extends ServerTestBase {
    private static Browser browser;
    private static WebDriver driver;
    private static PortalFixture fixture;
    private static String dashboardId;

    @Autowired
    TelemetryIngest ingest;

    @BeforeEach
    void seed() throws Exception {
        driver = browser.driver;
        if (fixture == null) {
            Tenant t = newTenant();
            String adminUser = LiveStreamApiTest.adminUserOf(t);
            fixture = PortalFixture.create(t.orgId(), t.orgAdmin(), adminUser, simpleModel("portal_inv"));
        }
    }

    private WebDriverWait await() {
        return browser.await();
    }

    private WebElement visible(String css) {
        return browser.visible(css);
    }

    private void signIn(String user, String password) {
        browser.signIn(user, password);
    }

    private void screenshot(String name) throws Exception {
        browser.screenshot(name);
    }

    /** The pipeline stores asynchronously after the ingest is durable: wait until the values are queryable. */
    private void awaitStored(long from, long to, int count) throws InterruptedException {
        String start = java.time.Instant.ofEpochMilli(from - 1000).toString();
        String end = java.time.Instant.ofEpochMilli(to + 1000).toString();
        Await.atMost(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(100)).until("values stored",
                () -> fixture.admin().post("/tsdb-service/v2.1/raw", Map.of("orgId", fixture.orgId()),
                        Map.of("assetIds", fixture.deviceAssetId(), "pointIds", "power", "startTime", start,
                                "endTime", end, "pageSize", 1000, "itemFormat", 2)),
                r -> r.ok() && r.data().path("items").path(0).path("value").size() >= count);
    }

    @Test
    @Order(1)
    void aUserSignsInAndSeesWhoAndWhereTheyAre() throws Exception {
        driver.get(base() + "/");
        visible("input[type=password]");
        screenshot("sign-in");
        signIn(fixture.adminUser(), PortalFixture.PASSWORD);
        assertThat(visible("#whoami").getText()).contains(fixture.adminUser()).contains("ORG_ADMIN");
        await().until(d -> !d.findElement(By.id("org-name")).getText().isBlank());
    }

    @Test
    @Order(2)
    void theTreeExpandsLazilyAndASelectedDeviceShowsItsValueChangingLive() throws Exception {
        fixture.ingest(ingest, "power", System.currentTimeMillis() - 1000, 10.0);
        driver.get(base() + "/#/tree");
        visible("button.label[data-asset-id]");
        driver.findElement(By.cssSelector("button.twisty")).click();
        WebElement site = await().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button.label[data-asset-id='" + fixture.siteAssetId() + "']")));
        site.findElement(By.xpath("preceding-sibling::button")).click();
        visible("button.label[data-asset-id='" + fixture.deviceAssetId() + "']").click();
        await().until(ExpectedConditions.textToBe(By.id("asset-title"), "Inverter 1"));
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-value-of=power]"), "10"));
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-state"), "live"));

        fixture.ingest(ingest, "power", System.currentTimeMillis(), 42.5);
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-value-of=power]"),
                "42.5"));
        screenshot("asset-tree");
    }

    @Test
    @Order(3)
    void theDeviceHistoryChartDrawsStoredValues() throws Exception {
        long now = System.currentTimeMillis();
        for (int i = 30; i > 0; i--) {
            fixture.ingest(ingest, "power", now - i * 60_000L, 20 + 10 * Math.sin(i / 4.0));
        }
        awaitStored(now - 30 * 60_000L, now, 30);
        driver.get(base() + "/#/devices/" + fixture.deviceAssetId());
        await().until(ExpectedConditions.textToBe(By.id("device-title"), "Inverter 1"));
        new org.openqa.selenium.support.ui.Select(visible("#chart-point")).selectByValue("power");
        visible(".chart-box[data-status=ok] canvas");
        assertThat(driver.findElement(By.id("chart-info")).getText()).contains("raw samples");
        screenshot("device");

        driver.get(base() + "/#/devices");
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("device-page-info"), "1 devices"));
        screenshot("devices");
        driver.get(base() + "/#/models/" + fixture.modelId());
        visible("#model-json");
        screenshot("models");
    }

    @Test
    @Order(4)
    void aDashboardIsBuiltSavedAndStillThereAfterAReload() throws Exception {
        driver.get(base() + "/#/dashboards");
        visible("#dash-name").sendKeys("Plant overview");
        driver.findElement(By.cssSelector("#dash-name + button")).click();
        visible("#widget-form");
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#widget-form input[name=point]")));
        driver.findElement(By.id("w-title")).sendKeys("Power now");
        onlyPower();
        driver.findElement(By.id("widget-add")).click();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("w-type"))).selectByValue("LINE_CHART");
        driver.findElement(By.id("w-title")).clear();
        driver.findElement(By.id("w-title")).sendKeys("Power trend");
        driver.findElement(By.id("w-w")).clear();
        driver.findElement(By.id("w-w")).sendKeys("9");
        driver.findElement(By.id("w-h")).clear();
        driver.findElement(By.id("w-h")).sendKeys("3");
        onlyPower();
        driver.findElement(By.id("widget-add")).click();
        visible("#dashboard-save").click();
        visible("#dashboard-saved");
        dashboardId = driver.getCurrentUrl().replaceAll(".*#/dashboards/([^/]+).*", "$1");

        driver.get(base() + "/#/dashboards/" + dashboardId);
        driver.navigate().refresh();
        await().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("oe-dash-widget"), 2));
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-widget-value]"),
                "42.5"));
        visible("oe-widget-chart canvas");
        screenshot("dashboard");
    }

    private void onlyPower() {
        for (WebElement box : driver.findElements(By.cssSelector("#widget-form input[name=point]"))) {
            if (box.isSelected() != "power".equals(box.getAttribute("value"))) {
                box.click();
            }
        }
    }

    @Test
    @Order(5)
    void aViewerSeesTheDashboardButCannotEditIt() throws Exception {
        assumeTrue(dashboardId != null, "the dashboard of the previous step exists");
        driver.findElement(By.id("sign-out")).click();
        visible("oe-login-form input[type=password]");
        signIn(fixture.viewerUser(), PortalFixture.VIEWER_PASSWORD);
        driver.get(base() + "/#/dashboards/" + dashboardId + "/edit");
        visible("#view-only");
        assertThat(driver.findElements(By.id("dashboard-edit"))).isEmpty();
        assertThat(driver.findElements(By.id("dashboard-save"))).isEmpty();
        screenshot("dashboard-viewer");

        ApiClient viewer = ApiClient.user(base(), fixture.viewerUser(), PortalFixture.VIEWER_PASSWORD);
        var refused = viewer.post("/dashboard-service/v2.1/dashboards", Map.of("action", "update", "orgId",
                fixture.orgId(), "dashboardId", dashboardId), Map.of("name", "Taken over", "widgets", List.of()));
        assertThat(refused.code()).isEqualTo(99403);
    }
}
