package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.model.MeasurePointValue;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.Login;
import org.openenos.server.ServerTestBase;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.testkit.Await;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The fleet overview landing page, the asset tree and the device page as an operator found them, in headless
 * Chromium against the real server, at desktop width and on a 390 px phone in dark mode.
 */
@ExtendWith(BrowserExtension.class)
class PortalFleetTreeDeviceBrowserTest extends ServerTestBase {
    private static final String EVENTS = "/event-service/v2.1/";
    private static Browser browser;

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    MqttGateway gateway;

    @AfterEach
    void desktopAgain() {
        ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    private PortalFixture signedIn(String modelId) {
        Tenant t = newTenant();
        PortalFixture fixture = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                TurbineModel.of(modelId));
        browser.open("#/tree");
        js("localStorage.removeItem('openenos.theme')");
        browser.signInAfresh(fixture.adminUser(), PortalFixture.PASSWORD);
        return fixture;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser.driver).executeScript(script);
    }

    private void ingest(PortalFixture f, String assetId, String point, Object value) throws Exception {
        ingest.ingest(List.of(new MeasurePointValue(f.orgId(), f.modelId(), assetId, point,
                System.currentTimeMillis(), value, null))).get();
    }

    private String rootAssetId(PortalFixture f) {
        return f.admin().post("/asset-tree-service/v2.1/asset-trees", Map.of("orgId", f.orgId(), "action", "search"),
                Map.of()).data().path(0).path("rootAssetId").asString();
    }

    private String secretOf(PortalFixture f) {
        return f.admin().post("/connect-service/v2.1/devices", Map.of("orgId", f.orgId(), "action", "get",
                "assetId", f.deviceAssetId()), null).data().path("deviceSecret").asString();
    }

    /** A 390 px wide phone in dark mode; answers how far the page sticks out to the right. */
    private long phoneOverflow(String hash, String ready) throws Exception {
        ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        js("localStorage.setItem('openenos.theme', 'dark')");
        browser.open(hash);
        browser.driver.navigate().refresh();
        browser.visible(ready);
        Thread.sleep(500); // charts size themselves after the first frame
        String background = (String) js("return getComputedStyle(document.documentElement).backgroundColor");
        assertThat(background).as("dark background").isEqualTo("rgb(15, 20, 27)");
        return (Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    }

    @Test
    void theLandingPageIsTheFleetOverviewWithCountsAlertsBySeverityAndTopLevelAssetsAndTheMenuCountsActiveAlerts() throws Exception {
        PortalFixture f = signedIn("fleet_over");
        String root = rootAssetId(f);
        ingest(f, root, "power", 1500.0);
        PortalFixture.check(f.admin().post("/asset-tree-service/v2.1/asset-nodes",
                Map.of("orgId", f.orgId(), "action", "createAsset", "treeId", f.treeId()),
                Map.of("asset", Map.of("modelId", f.modelId(), "name", Map.of("defaultValue", "Site South"),
                        "timezone", "Europe/Madrid", "attributes", Map.of("latitude", 37.39, "longitude", -5.98)))));
        Map<String, String> org = Map.of("orgId", f.orgId());
        PortalFixture.check(f.admin().post(EVENTS + "alert-rules", PortalFixture.with(org, "action", "create"),
                Map.of("rule", Map.of("ruleId", "windy", "ruleDesc", Map.of("defaultValue", "Too windy"),
                        "modelId", f.modelId(), "measurepointId", "wind", "condition", "${wind} > 25",
                        "severityId", "critical", "isEnabled", true, "scope", List.of(Map.of("treeId", "all"))))));
        ingest(f, f.deviceAssetId(), "wind", 30.0);
        Await.atMost(Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(200)).until("alert raised",
                () -> f.admin().post(EVENTS + "active-alerts", PortalFixture.with(org, "action", "search"), Map.of())
                        .data().size(), n -> n == 1);
        try (DeviceClient device = DeviceClient.create(DeviceClientOptions.of("tcp://127.0.0.1:" + gateway.port()),
                new Login.Secret(f.productKey(), "inv-1", secretOf(f)))) {
            device.connect().get(15, TimeUnit.SECONDS);
            browser.open("");
            browser.driver.navigate().refresh();
            browser.visible("oe-fleet-page [data-count=online]");
            assertThat(browser.driver.findElement(By.cssSelector("[data-count=all] .n")).getText()).isEqualTo("1");
            assertThat(browser.driver.findElement(By.cssSelector("[data-count=online] .n")).getText()).isEqualTo("1");
            assertThat(browser.driver.findElement(By.cssSelector("[data-count=offline] .n")).getText()).isEqualTo("0");
            assertThat(browser.driver.findElement(By.cssSelector("[data-count=alerts] .n")).getText()).isEqualTo("1");
            assertThat(browser.visible("oe-side-nav #nav-alert-count").getAttribute("aria-label"))
                    .as("the menu counts the active alerts").isEqualTo("1 active alerts");
            assertThat(browser.visible("#fleet-alerts [data-severity=critical]").getText()).contains("1");
            assertThat(browser.visible("#fleet-alerts [data-severity=warning]").getText()).contains("0");
            WebElement site = browser.visible("#fleet-sites tr[data-asset-id='" + root + "']");
            assertThat(site.getText()).contains("Fleet").contains("Plants").contains("Power").contains("1500 kW");
            browser.visible("oe-site-map .site-map[data-sites='1'] canvas");
            assertThat(browser.visible("oe-site-map .site-label").getText()).isEqualTo("Site South");
            browser.screenshot("fleet-overview");
            assertThat(phoneOverflow("", "oe-fleet-page [data-count=online]")).as("fleet page overflow on a phone")
                    .isLessThanOrEqualTo(0);
            browser.screenshot("fleet-overview-phone-dark");
        }
    }

    @Test
    void theTreeListsNewTreesAndSelectsAChildChosenInTheDetailPanel() throws Exception {
        PortalFixture f = signedIn("tree_fix");
        browser.open("#/tree");
        browser.visible("#asset-title");
        PortalFixture.check(f.admin().post("/asset-tree-service/v2.1/asset-trees",
                PortalFixture.with(Map.of("orgId", f.orgId()), "action", "create"),
                Map.of("tree", Map.of("name", Map.of("defaultValue", "Spare parts")),
                        "asset", Map.of("modelId", f.modelId(), "name", Map.of("defaultValue", "Store"),
                                "timezone", "UTC"))));
        browser.visible("#tree-select").click();
        browser.await().until(d -> new Select(d.findElement(By.id("tree-select"))).getOptions().stream()
                .anyMatch(o -> o.getText().equals("Spare parts")));
        new Select(browser.driver.findElement(By.id("tree-select"))).selectByVisibleText("Plants");

        browser.visible("button.link[data-child-id='" + f.siteAssetId() + "']").click();
        browser.visible("button.label[data-asset-id='" + f.siteAssetId() + "'][aria-selected=true]");
        browser.await().until(ExpectedConditions.textToBe(By.id("asset-title"), "Site North"));
        browser.visible("button.link[data-child-id='" + f.deviceAssetId() + "']").click();
        browser.visible("button.label[data-asset-id='" + f.deviceAssetId() + "'][aria-selected=true]");
        browser.screenshot("tree-child-selected");

        // an address naming an asset opens the tree down to it
        browser.open("#/tree/" + f.deviceAssetId());
        browser.driver.navigate().refresh();
        browser.visible("button.label[data-asset-id='" + f.deviceAssetId() + "'][aria-selected=true]");
        browser.await().until(ExpectedConditions.textToBe(By.id("asset-title"), "Inverter 1"));
    }

    @Test
    void theDevicePageShowsLabelsNamesAndDistinctBadgesAndFitsAPhone() throws Exception {
        PortalFixture f = signedIn("dev_fix");
        ingest(f, f.deviceAssetId(), "state", 1);
        try (DeviceClient device = DeviceClient.create(DeviceClientOptions.of("tcp://127.0.0.1:" + gateway.port())
                .withReplyTimeout(Duration.ofSeconds(10)), new Login.Secret(f.productKey(), "inv-1", secretOf(f)))) {
            device.onService("reset", command -> Map.of("done", true));
            device.connect().get(15, TimeUnit.SECONDS);
            PortalFixture.check(f.admin().post("/connect-service/v2.1/commands", Map.of("orgId", f.orgId(),
                    "action", "invokeService", "assetId", f.deviceAssetId(), "serviceId", "reset"),
                    Map.of("inputData", Map.of("reason", "test"))));

            browser.open("#/devices");
            WebElement row = browser.visible("tbody tr");
            assertThat(row.getText()).contains("Inverter product").doesNotContain(f.productKey());
            String online = (String) js("return getComputedStyle(document.querySelector('tbody .badge.online'))"
                    + ".backgroundColor");

            browser.open("#/devices/" + f.deviceAssetId());
            browser.await().until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("[data-value-of=state]"), "Running"));
            WebElement commands = browser.visible("#device-commands table[data-records=Commands]");
            assertThat(commands.getText()).contains("Replied").contains("Service");
            assertThat(commands.findElements(By.xpath(".//td[normalize-space()='5']"))).isEmpty();
            browser.screenshot("device-labels");
            long overflow = phoneOverflow("#/devices/" + f.deviceAssetId(), "[data-value-of=state]");
            browser.screenshot("device-phone-dark");
            assertThat(overflow).as("device page overflow on a phone").isLessThanOrEqualTo(0);
            assertThat(phoneOverflow("#/tree", "#asset-title")).as("tree on a phone").isLessThanOrEqualTo(0);
            assertThat(phoneOverflow("#/devices", "tbody tr")).as("devices on a phone").isLessThanOrEqualTo(0);
            ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            js("localStorage.removeItem('openenos.theme')");
            assertThat(online).isNotEqualTo("rgba(0, 0, 0, 0)");
        }
        browser.open("#/devices");
        browser.driver.navigate().refresh();
        browser.await().until(d -> !d.findElements(By.cssSelector("tbody .badge.offline")).isEmpty());
        String offline = (String) js("return getComputedStyle(document.querySelector('tbody .badge.offline'))"
                + ".backgroundColor + '|' + getComputedStyle(document.querySelector('tbody .badge.offline'), '::before').content");
        assertThat(offline).contains("○");
    }
}
