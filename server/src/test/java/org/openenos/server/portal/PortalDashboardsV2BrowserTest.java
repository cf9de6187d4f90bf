package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.model.MeasurePointValue;
import org.openenos.protocol.TopicKind;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.Login;
import org.openenos.server.ServerTestBase;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.testkit.Await;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Dashboards as an operator builds and uses them, in headless Chromium against the real server: names and units
 * instead of identifiers, widgets placed side by side, one axis per unit, "Done" leaving edit mode, a time window
 * every widget follows, a template shown for one turbine after another, control widgets answered by a device on
 * the SDK, and a dashboard exported and imported as JSON. Each test uses its own organization.
 */
@ExtendWith(BrowserExtension.class)
class PortalDashboardsV2BrowserTest extends ServerTestBase {
    private static Browser browser;

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    MqttGateway gateway;

    private PortalFixture signedIn(String modelId) {
        Tenant t = newTenant();
        PortalFixture fixture = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                TurbineModel.of(modelId));
        browser.signInAfresh(fixture.adminUser(), PortalFixture.PASSWORD);
        return fixture;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(script, args);
    }

    private void ingestNow(PortalFixture f, String assetId, Map<String, Object> values) throws Exception {
        long now = System.currentTimeMillis();
        ingest.ingest(values.entrySet().stream().map(e -> new MeasurePointValue(f.orgId(), f.modelId(), assetId,
                e.getKey(), now, e.getValue(), null)).toList()).get();
    }

    private String createDashboard(String name) {
        browser.open("#/dashboards");
        browser.visible("#dash-name").sendKeys(name);
        browser.driver.findElement(By.cssSelector("#dash-name + button")).click();
        browser.visible("#widget-form");
        return browser.driver.getCurrentUrl().replaceAll(".*#/dashboards/([^/]+).*", "$1");
    }

    private void addWidget(String type, String title, int width, int height, String... points) {
        addWidget(type, title, width, height, Map.of(), points);
    }

    /** {@code fields}: more inputs of the form by id, filled after the kind is chosen. */
    private void addWidget(String type, String title, int width, int height, Map<String, String> fields,
                           String... points) {
        new Select(browser.visible("#w-type")).selectByValue(type);
        fields.forEach((id, value) -> {
            WebElement input = browser.visible("#" + id);
            input.clear();
            input.sendKeys(value);
        });
        WebElement t = browser.driver.findElement(By.id("w-title"));
        t.clear();
        t.sendKeys(title);
        WebElement w = browser.driver.findElement(By.id("w-w"));
        w.clear();
        w.sendKeys(String.valueOf(width));
        WebElement h = browser.driver.findElement(By.id("w-h"));
        h.clear();
        h.sendKeys(String.valueOf(height));
        browser.await().until(d -> !d.findElements(By.cssSelector("#widget-form input[name=point]")).isEmpty());
        List<String> wanted = List.of(points);
        for (WebElement box : browser.driver.findElements(By.cssSelector("#widget-form input[name=point]"))) {
            if (box.isSelected() != wanted.contains(box.getAttribute("value"))) {
                box.click();
            }
        }
        int before = browser.driver.findElements(By.cssSelector("oe-dash-widget")).size();
        browser.driver.findElement(By.id("widget-add")).click();
        browser.await().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("oe-dash-widget"), before + 1));
    }

    private WebElement widget(String title) {
        return browser.visible("oe-dash-widget[data-title='" + title + "']");
    }

    @Test
    void widgetsShowNamesUnitsAndEnumLabelsSitSideBySideAndDoneLeavesEditMode() throws Exception {
        PortalFixture f = signedIn("dash_fix");
        ingestNow(f, f.deviceAssetId(), Map.of("power", 1250.5, "wind", 7.25, "state", 1));
        String id = createDashboard("Turbine");
        addWidget("VALUE_CARD", "Power now", 3, 2, "power");
        addWidget("VALUE_CARD", "Wind now", 3, 2, "wind");
        addWidget("STATUS", "State", 3, 2, "state");
        addWidget("LINE_CHART", "Power and wind", 9, 3, "power", "wind");
        addWidget("LINE_CHART", "State history", 9, 3, "state");

        WebElement wind = widget("Wind now");
        assertThat(wind.getAttribute("data-x")).as("second widget beside the first").isEqualTo("3");
        assertThat(wind.getAttribute("data-y")).isEqualTo("0");
        assertThat(widget("State").getAttribute("data-x")).isEqualTo("6");

        browser.visible("#dashboard-done").click();
        browser.visible("#dashboard-edit");
        assertThat(browser.driver.findElements(By.id("widget-form"))).as("edit form gone").isEmpty();
        assertThat(browser.driver.getCurrentUrl()).doesNotEndWith("/edit");

        browser.driver.navigate().refresh();
        browser.visible("#dashboard-edit");
        browser.await().until(d -> widget("Power now").getText().contains("1,250.5 kW"));
        assertThat(widget("Power now").getText()).contains("Inverter 1 · Power (kW)").doesNotContain("power ·");
        browser.await().until(d -> widget("Wind now").getText().contains("7.25 m/s"));
        browser.await().until(d -> widget("State").getText().contains("Running"));
        assertThat(widget("State").getText()).contains("Operating state").contains("Inverter 1");
        WebElement chart = browser.visible("oe-dash-widget[data-title='Power and wind'] .wchart[data-axes]");
        assertThat(chart.getAttribute("data-axes")).as("kW and m/s on their own axes").isEqualTo("2");
        assertThat(chart.getAttribute("data-series").split("\\|")).containsExactlyInAnyOrder("Power (kW)",
                "Wind speed (m/s)");
        // the legend of a chart of an enum point names the state at the cursor, as the model labels it
        browser.visible("oe-dash-widget[data-title='State history'] .wchart[data-loaded] canvas");
        Object legend = js("""
                const chart = document.querySelector("oe-dash-widget[data-title='State history'] oe-widget-chart");
                const u = chart.plot;
                const xs = u.data[0];
                u.setCursor({ left: u.valToPos(xs[xs.length - 1], 'x'), top: 5 });
                return chart.querySelector('.u-legend').textContent;""");
        assertThat(legend).as("legend at the last sample").asString().contains("Operating state").contains("Running");
        browser.screenshot("dashboard-names-units-axes");
        assertThat(id).isNotBlank();
    }

    @Test
    void seriesOfADayAreReadAsAggregatesOfAllPointsInOneRequest() throws Exception {
        PortalFixture f = signedIn("dash_day");
        ingestNow(f, f.deviceAssetId(), Map.of("power", 1250.5, "wind", 7.25));
        // counted on a page that reads no time series itself, and only the requests started by this read: the
        // tree page signed in to may still be loading its own values
        browser.open("#/preferences");
        browser.visible("#prefs-form");
        Object read = ((JavascriptExecutor) browser.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const assetId = arguments[0];
                const end = Date.now() + 60_000;
                performance.clearResourceTimings();
                const started = performance.now();
                import('/js/history-data.js')
                  .then((h) => h.loadHistories(['power', 'wind'].map((p) => ({ assetId, point: { identifier: p } })),
                    end - 86_400_000, end))
                  .then((views) => done(views.map((v) => v.mode).join(',') + ' in ' + performance
                    .getEntriesByType('resource').filter((r) => r.name.includes('/tsdb-service/')
                      && r.startTime >= started).length),
                    (e) => done('failed: ' + e.message));""", f.deviceAssetId());
        assertThat(read).as("modes of the two series, and TSDB requests").isEqualTo("aggregate,aggregate in 1");
    }

    @Test
    void everyWidgetFollowsTheTimeWindowWhichIsSavedAndRefreshesOnItsTimer() throws Exception {
        PortalFixture f = signedIn("dash_time");
        ingestNow(f, f.deviceAssetId(), Map.of("power", 10.0, "wind", 3.0));
        createDashboard("Windows");
        addWidget("LINE_CHART", "Power", 6, 3, "power");
        addWidget("LINE_CHART", "Wind", 6, 3, "wind");
        new Select(browser.visible("#tw-range")).selectByValue("360");
        browser.visible("#dashboard-done").click();
        browser.visible("#dashboard-edit");
        browser.driver.navigate().refresh();
        browser.await().until(d -> new Select(d.findElement(By.id("tw-range"))).getFirstSelectedOption()
                .getAttribute("value").equals("360"));
        browser.visible("oe-dash-widget[data-title='Wind'] .wchart[data-axes]");
        for (String title : List.of("Power", "Wind")) {
            Number min = (Number) js("return document.querySelector(\"oe-dash-widget[data-title='" + title
                    + "'] oe-widget-chart\").plot.scales.x.min");
            double hours = (System.currentTimeMillis() / 1000.0 - min.doubleValue()) / 3600;
            assertThat(hours).as(title + " shows the last six hours").isBetween(5.9, 6.1);
        }

        new Select(browser.visible("#tw-refresh")).selectByValue("10");
        String before = browser.visible("oe-dash-widget[data-title='Power'] .wchart").getAttribute("data-loaded");
        browser.await().withTimeout(Duration.ofSeconds(25)).until(d -> !before.equals(
                d.findElement(By.cssSelector("oe-dash-widget[data-title='Power'] .wchart")).getAttribute("data-loaded")));

        new Select(browser.visible("#tw-range")).selectByValue("fixed");
        browser.visible("#tw-start");
        assertThat(browser.driver.findElements(By.id("tw-refresh"))).as("a fixed range does not refresh").isEmpty();
        browser.screenshot("dashboard-time-window");
    }

    @Test
    void aTemplatedDashboardShowsTheChosenTurbine() throws Exception {
        PortalFixture f = signedIn("dash_tpl");
        String second = PortalFixture.check(f.admin().post("/connect-service/v2.1/devices",
                Map.of("orgId", f.orgId(), "action", "create"), Map.of("productKey", f.productKey(),
                        "deviceKey", "inv-2", "timezone", "UTC", "deviceName", Map.of("defaultValue", "Inverter 2"))))
                .data().path("assetId").asString();
        ingestNow(f, f.deviceAssetId(), Map.of("power", 11.0));
        ingestNow(f, second, Map.of("power", 22.0));
        createDashboard("Any turbine");
        new Select(browser.visible("#dash-template")).selectByValue(f.modelId());
        browser.await().until(d -> new Select(d.findElement(By.id("w-asset"))).getFirstSelectedOption()
                .getAttribute("value").equals("$asset"));
        addWidget("VALUE_CARD", "Power", 4, 2, "power");
        browser.visible("#dashboard-done").click();
        browser.visible("#dashboard-edit");

        Select asset = new Select(browser.visible("#dash-asset"));
        assertThat(asset.getOptions()).extracting(WebElement::getText).containsExactly("Inverter 1", "Inverter 2");
        asset.selectByVisibleText("Inverter 1");
        browser.await().until(d -> widget("Power").getText().contains("11 kW"));
        assertThat(widget("Power").getText()).contains("Inverter 1 · Power (kW)");
        new Select(browser.visible("#dash-asset")).selectByVisibleText("Inverter 2");
        browser.await().until(d -> widget("Power").getText().contains("22 kW"));
        assertThat(widget("Power").getText()).contains("Inverter 2 · Power (kW)");
        browser.screenshot("dashboard-template");

        // on a 390 px phone in dark mode: nothing sticks out to the right
        ((org.openqa.selenium.chrome.ChromeDriver) browser.driver).executeCdpCommand(
                "Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844, "deviceScaleFactor", 1,
                        "mobile", true));
        try {
            js("localStorage.setItem('openenos.theme', 'dark')");
            browser.driver.navigate().refresh();
            browser.await().until(d -> widget("Power").getText().contains("22 kW"));
            assertThat((Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                    .as("dashboard overflow on a phone").isLessThanOrEqualTo(0L);
            browser.screenshot("dashboard-template-phone-dark");
            browser.visible("#dashboard-edit").click();
            browser.visible("#widget-form");
            assertThat((Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                    .as("dashboard editor overflow on a phone").isLessThanOrEqualTo(0L);
            browser.screenshot("dashboard-editor-phone-dark");
        } finally {
            js("localStorage.removeItem('openenos.theme')");
            ((org.openqa.selenium.chrome.ChromeDriver) browser.driver).executeCdpCommand(
                    "Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    void controlWidgetsAskForConfirmationAndShowTheDevicesAnswer() throws Exception {
        PortalFixture f = signedIn("dash_ctl");
        String secret = f.admin().post("/connect-service/v2.1/devices", Map.of("orgId", f.orgId(), "action", "get",
                "assetId", f.deviceAssetId()), null).data().path("deviceSecret").asString();
        ingestNow(f, f.deviceAssetId(), Map.of("mode", 0));
        LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        DeviceClientOptions options = DeviceClientOptions.of("tcp://127.0.0.1:" + gateway.port())
                .withReplyTimeout(Duration.ofSeconds(10));
        try (DeviceClient device = DeviceClient.create(options, new Login.Secret(f.productKey(), "inv-1", secret))) {
            device.onCommand(TopicKind.MEASUREPOINT_SET, command -> {
                received.add(command.params());
                return Map.of();
            });
            device.onService("reset", command -> {
                received.add(command.params());
                return Map.of("done", true);
            });
            device.connect().get(15, TimeUnit.SECONDS);

            createDashboard("Controls");
            addWidget("SWITCH", "Mode", 4, 2, "mode");
            addWidget("SET_POINT", "Limit", 4, 2, Map.of("w-min", "0", "w-max", "500"), "limit");
            new Select(browser.visible("#w-type")).selectByValue("SERVICE_BUTTON");
            new Select(browser.visible("#w-service")).selectByValue("reset");
            browser.driver.findElement(By.id("w-title")).clear();
            browser.driver.findElement(By.id("w-title")).sendKeys("Reset");
            browser.driver.findElement(By.id("widget-add")).click();
            browser.await().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("oe-dash-widget"), 3));
            browser.visible("#dashboard-done").click();
            browser.visible("#dashboard-edit");

            // the switch: cancel first (nothing is sent), then confirm
            widget("Mode").findElement(By.cssSelector("button[data-switch='1']")).click();
            WebElement dialog = browser.visible("oe-dash-widget[data-title='Mode'] dialog[open]");
            assertThat(dialog.getText()).contains("Set Mode of Inverter 1 to Automatic?");
            dialog.findElement(By.cssSelector("button[data-cancel]")).click();
            Thread.sleep(500);
            assertThat(received).as("cancelled: nothing sent").isEmpty();
            widget("Mode").findElement(By.cssSelector("button[data-switch='1']")).click();
            browser.visible("oe-dash-widget[data-title='Mode'] dialog[open] button[data-confirm]").click();
            WebElement outcome = browser.visible("oe-dash-widget[data-title='Mode'] [data-outcome=ok]");
            assertThat(outcome.getText()).contains("Inverter 1 accepted Mode = Automatic");
            Object mode = received.poll(5, TimeUnit.SECONDS);
            assertThat(Double.parseDouble(String.valueOf(((Map<?, ?>) mode).get("mode")))).isEqualTo(1.0);

            // the set point refuses a value outside its bounds before asking
            WebElement limit = widget("Limit").findElement(By.cssSelector("input[name=value]"));
            limit.sendKeys("900");
            widget("Limit").findElement(By.cssSelector("button[type=submit]")).click();
            assertThat(browser.visible("oe-dash-widget[data-title='Limit'] [data-invalid]").getText())
                    .contains("between 0 and 500");
            assertThat(browser.driver.findElements(By.cssSelector("dialog[open]"))).isEmpty();
            limit.clear();
            limit.sendKeys("420");
            widget("Limit").findElement(By.cssSelector("button[type=submit]")).click();
            browser.visible("oe-dash-widget[data-title='Limit'] dialog[open] button[data-confirm]").click();
            assertThat(browser.visible("oe-dash-widget[data-title='Limit'] [data-outcome=ok]").getText())
                    .contains("Power limit = 420 kW");
            Object set = received.poll(5, TimeUnit.SECONDS);
            assertThat(Double.parseDouble(String.valueOf(((Map<?, ?>) set).get("limit")))).isEqualTo(420.0);

            // the service button asks for the service's input in the confirmation
            widget("Reset").findElement(By.cssSelector("button[data-service=reset]")).click();
            WebElement form = browser.visible("oe-dash-widget[data-title='Reset'] dialog[open]");
            assertThat(form.getText()).contains("Run Reset on Inverter 1?");
            form.findElement(By.cssSelector("input[name=reason]")).sendKeys("blade check");
            form.findElement(By.cssSelector("button[data-confirm]")).click();
            assertThat(browser.visible("oe-dash-widget[data-title='Reset'] [data-outcome=ok]").getText())
                    .contains("Inverter 1 ran Reset").contains("\"done\":true");
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(Map.of("reason", "blade check"));
            browser.screenshot("dashboard-controls");
        }
        // the device is gone: a command fails with a sentence
        Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(200)).until("device offline",
                () -> f.admin().post("/connect-service/v2.1/devices", Map.of("orgId", f.orgId(), "action", "get",
                        "assetId", f.deviceAssetId()), null).data().path("status").asString(),
                "offline"::equals);
        widget("Mode").findElement(By.cssSelector("button[data-switch='0']")).click();
        browser.visible("oe-dash-widget[data-title='Mode'] dialog[open] button[data-confirm]").click();
        assertThat(browser.visible("oe-dash-widget[data-title='Mode'] [data-outcome=failed]").getText())
                .startsWith("Setting the point failed: the device is offline");
    }

    @Test
    void aDashboardExportedAsJsonIsImportedAsANewOne() throws Exception {
        PortalFixture f = signedIn("dash_json");
        createDashboard("Exported");
        addWidget("VALUE_CARD", "Power", 4, 2, "power");
        new Select(browser.visible("#tw-range")).selectByValue("1440");
        browser.visible("#dashboard-done").click();
        browser.visible("#dashboard-edit");
        js("""
                window.exported = null;
                const click = HTMLAnchorElement.prototype.click;
                HTMLAnchorElement.prototype.click = function () {
                  if (this.download) { fetch(this.href).then((r) => r.text()).then((t) => { window.exported = t; }); }
                  else click.call(this);
                };""");
        browser.visible("#dashboard-export").click();
        String json = (String) browser.await().until(d -> js("return window.exported"));
        assertThat(json).contains("\"format\": \"openenos-dashboard/1\"").contains("\"lastMinutes\": 1440")
                .contains("\"title\": \"Power\"").doesNotContain("dashboardId");

        Path file = Files.createTempFile("dashboard", ".json");
        Files.writeString(file, json.replace("\"Exported\"", "\"Imported\""));
        browser.open("#/dashboards");
        browser.visible("#dash-name");
        browser.driver.findElement(By.id("dash-import")).sendKeys(file.toString());
        browser.await().until(ExpectedConditions.textToBe(By.id("dashboard-title"), "Imported"));
        widget("Power");
        assertThat(new Select(browser.visible("#tw-range")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("1440");

        Files.writeString(file, "{\"name\": \"not a dashboard\"}");
        browser.open("#/dashboards");
        browser.visible("#dash-name");
        browser.driver.findElement(By.id("dash-import")).sendKeys(file.toString());
        assertThat(browser.visible("#import-error").getText()).contains("not a dashboard export");
        assertThat(f.orgId()).isNotBlank();
    }
}
