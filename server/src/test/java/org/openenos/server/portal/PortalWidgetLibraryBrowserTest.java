package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.model.MeasurePointValue;
import org.openenos.server.ServerTestBase;
import org.openenos.telemetry.TelemetryIngest;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard widgets added for operators, in headless Chromium against the real server: a state timeline with
 * the model's labels, an alert list of a subtree and chosen severities that updates by itself, a map of the sites
 * of a subtree, a gauge coloured by thresholds, a widget's data exported as CSV and XLSX, and all of them on a
 * 390 px phone in dark mode. Each test uses its own organization.
 */
@ExtendWith(BrowserExtension.class)
class PortalWidgetLibraryBrowserTest extends ServerTestBase {
    private static final String EVENTS = "/event-service/v2.1/";
    private static Browser browser;

    @Autowired
    TelemetryIngest ingest;

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

    private void ingestAt(PortalFixture f, String pointId, long time, Object value) throws Exception {
        ingest.ingest(List.of(new MeasurePointValue(f.orgId(), f.modelId(), f.deviceAssetId(), pointId, time, value,
                null))).get();
    }

    private void createDashboard(String name) {
        browser.open("#/dashboards");
        browser.visible("#dash-name").sendKeys(name);
        browser.driver.findElement(By.cssSelector("#dash-name + button")).click();
        browser.visible("#widget-form");
    }

    private void kindTitleSize(String type, String title, int width, int height) {
        new Select(browser.visible("#w-type")).selectByValue(type);
        for (var field : Map.of("w-title", title, "w-w", String.valueOf(width), "w-h", String.valueOf(height))
                .entrySet()) {
            WebElement input = browser.driver.findElement(By.id(field.getKey()));
            input.clear();
            input.sendKeys(field.getValue());
        }
    }

    private void add() {
        int before = browser.driver.findElements(By.cssSelector("oe-dash-widget")).size();
        browser.driver.findElement(By.id("widget-add")).click();
        browser.await().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("oe-dash-widget"), before + 1));
    }

    /** A widget over points of the fixture's device; the form offers only the points that fit the kind. */
    private List<String> addPointWidget(String type, String title, int width, int height, Map<String, String> fields,
                                        String... points) {
        kindTitleSize(type, title, width, height);
        fields.forEach((id, value) -> {
            WebElement input = browser.visible("#" + id);
            input.clear();
            input.sendKeys(value);
        });
        browser.await().until(d -> !d.findElements(By.cssSelector("#widget-form input[name=point]")).isEmpty());
        List<WebElement> boxes = browser.driver.findElements(By.cssSelector("#widget-form input[name=point]"));
        List<String> offered = boxes.stream().map(b -> b.getAttribute("value")).toList();
        for (WebElement box : boxes) {
            if (box.isSelected() != List.of(points).contains(box.getAttribute("value"))) {
                box.click();
            }
        }
        add();
        return offered;
    }

    /** An alert list or map over the subtree from {@code node} (its visible name) in the fixture's tree. */
    private void addSubtreeWidget(String type, String title, int width, int height, String node,
                                  String... severities) {
        kindTitleSize(type, title, width, height);
        browser.await().until(d -> d.findElements(By.cssSelector("#w-node option")).size() > 1);
        new Select(browser.visible("#w-node")).getOptions().stream()
                .filter(o -> o.getText().strip().equals(node)).findFirst().orElseThrow().click();
        for (String severity : severities) {
            browser.visible("#widget-form input[name=severity][value='" + severity + "']").click();
        }
        add();
    }

    private WebElement widget(String title) {
        return browser.visible("oe-dash-widget[data-title='" + title + "']");
    }

    private void done() {
        browser.visible("#dashboard-done").click();
        browser.visible("#dashboard-edit");
    }

    /** Clicks "Export …" in a widget's menu and answers the bytes of the file the page made. */
    private byte[] export(String title, String format) {
        js("window.exported = null; if (!window.keepBlob) { window.keepBlob = URL.createObjectURL;"
                + " URL.createObjectURL = (b) => { window.exported = b; return window.keepBlob(b); }; }");
        widget(title).findElement(By.cssSelector("details.widget-menu summary")).click();
        browser.visible("oe-dash-widget[data-title='" + title + "'] [data-export=" + format + "]").click();
        browser.await().until(d -> (Boolean) js("return window.exported != null"));
        String base64 = (String) ((JavascriptExecutor) browser.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.exported.arrayBuffer().then((buf) => {
                  let s = ''; new Uint8Array(buf).forEach((b) => { s += String.fromCharCode(b); }); done(btoa(s)); });""");
        return Base64.getDecoder().decode(base64);
    }

    private static List<Row> sheet(byte[] xlsx) throws Exception {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            return wb.getFirstSheet().read();
        }
    }

    @Test
    void aStateTimelineDrawsEachStateAsABandNamedByTheModelAndExportsItsChangesAsCsvAndXlsx() throws Exception {
        PortalFixture f = signedIn("wl_states");
        long now = System.currentTimeMillis() / 1000 * 1000;
        ingestAt(f, "state", now - 50 * 60_000, 1);
        ingestAt(f, "state", now - 30 * 60_000, 2);
        ingestAt(f, "state", now - 10 * 60_000, 0);
        createDashboard("States");
        List<String> offered = addPointWidget("STATE_TIMELINE", "Turbine state", 12, 2, Map.of(), "state");
        assertThat(offered).as("only points with states").containsExactlyInAnyOrder("state", "mode");
        done();

        WebElement timeline = widget("Turbine state");
        browser.await().until(d -> timeline.findElements(By.cssSelector(".st-band")).size() == 3);
        List<WebElement> bands = timeline.findElements(By.cssSelector(".st-band"));
        assertThat(bands).extracting(b -> b.getAttribute("data-state")).containsExactly("Running", "Fault", "Stopped");
        double fault = bands.get(1).getSize().getWidth();
        double bar = timeline.findElement(By.cssSelector(".st-bar")).getSize().getWidth();
        assertThat(fault / bar).as("Fault held 20 of the last 60 minutes").isBetween(0.30, 0.37);
        assertThat(timeline.findElement(By.cssSelector(".st-legend")).getText())
                .contains("Running").contains("Fault").contains("Stopped");
        new Actions(browser.driver).moveToElement(bands.get(1)).perform();
        assertThat(browser.visible(".st-tip").getText()).startsWith("Fault · ").contains("(20 min)");
        browser.screenshot("widget-state-timeline");

        String csv = new String(export("Turbine state", "csv"), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines.getFirst()).isEqualTo("Time (UTC),Asset,Point,State,Code,Duration (s)");
        assertThat(lines.subList(1, lines.size())).hasSize(3).allMatch(l -> l.contains("Inverter 1,Operating state"));
        assertThat(lines.get(2)).contains(",Fault,2,1200");

        List<Row> rows = sheet(export("Turbine state", "xlsx"));
        assertThat(rows.getFirst().getCellText(0)).isEqualTo("Time (UTC)");
        Row faultRow = rows.get(2);
        assertThat(faultRow.getCellText(3)).isEqualTo("Fault");
        assertThat(faultRow.getCellAsDate(0).orElseThrow()).isEqualTo(LocalDateTime.ofEpochSecond(
                (now - 30 * 60_000) / 1000, 0, ZoneOffset.UTC));
        assertThat(faultRow.getCellAsNumber(5).orElseThrow().intValue()).isEqualTo(1200);
    }

    @Test
    void anAlertListShowsTheActiveAlertsOfItsSubtreeAndSeveritiesAndPicksUpNewOnesByItself() throws Exception {
        PortalFixture f = signedIn("wl_alerts");
        String other = PortalFixture.check(f.admin().post("/asset-tree-service/v2.1/asset-nodes",
                Map.of("orgId", f.orgId(), "action", "createAsset", "treeId", f.treeId()),
                Map.of("asset", Map.of("modelId", f.modelId(), "name", Map.of("defaultValue", "Site South"),
                        "timezone", "UTC")))).data().asString();
        long now = System.currentTimeMillis();
        alert(f, f.deviceAssetId(), "critical", now - 60_000);
        alert(f, f.deviceAssetId(), "info", now - 50_000);
        alert(f, other, "critical", now - 40_000);
        createDashboard("Alerts");
        addSubtreeWidget("ALERT_LIST", "North alarms", 6, 3, "Site North", "critical", "warning");
        done();

        WebElement list = widget("North alarms");
        browser.await().until(d -> list.findElements(By.cssSelector(".alert-feed li")).size() == 1);
        assertThat(list.getText()).contains("Inverter 1").doesNotContain("Site South");
        alert(f, f.deviceAssetId(), "warning", System.currentTimeMillis());
        browser.await().withTimeout(Duration.ofSeconds(15))
                .until(d -> list.findElements(By.cssSelector(".alert-feed li")).size() == 2);
        browser.screenshot("widget-alert-list");

        var saved = f.admin().post("/dashboard-service/v2.1/dashboards", Map.of("orgId", f.orgId(), "action",
                "search"), Map.of()).data().get(0).path("widgets").get(0);
        assertThat(saved.path("treeId").asString()).isEqualTo(f.treeId());
        assertThat(saved.path("assetId").asString()).isEqualTo(f.siteAssetId());
        assertThat(saved.path("severityIds").toString()).contains("critical").contains("warning");

        String csv = new String(export("North alarms", "csv"), StandardCharsets.UTF_8);
        assertThat(csv.lines().toList()).hasSize(3);
        assertThat(csv).contains("Inverter 1");
    }

    private void alert(PortalFixture f, String assetId, String severity, long time) {
        PortalFixture.check(f.admin().post(EVENTS + "active-alerts", Map.of("action", "create", "orgId", f.orgId()),
                Map.of("alert", Map.of("assetId", assetId, "occurTime", time, "severityId", severity,
                        "measurepointId", "power", "value", 1.0))));
    }

    @Test
    void everyNewWidgetFitsAPhoneInDarkModeWithTheMapOfSitesAndAGaugeColouredByItsThresholds() throws Exception {
        PortalFixture f = signedIn("wl_phone");
        PortalFixture.check(f.admin().post("/asset-tree-service/v2.1/asset-nodes",
                Map.of("orgId", f.orgId(), "action", "createAsset", "treeId", f.treeId()),
                Map.of("asset", Map.of("modelId", f.modelId(), "name", Map.of("defaultValue", "Site Harbour"),
                        "timezone", "Europe/Berlin", "attributes", Map.of("latitude", 53.55, "longitude", 9.99)))));
        long now = System.currentTimeMillis();
        ingestAt(f, "power", now, 480.0);
        ingestAt(f, "state", now - 20 * 60_000, 1);
        alert(f, f.deviceAssetId(), "critical", now - 30_000);
        createDashboard("Everything");
        addPointWidget("GAUGE", "Power gauge", 3, 2, Map.of("w-min", "0", "w-max", "500", "w-warn", "300",
                "w-danger", "450"), "power");
        addPointWidget("LATEST_TABLE", "Latest", 3, 2, Map.of(), "power", "wind", "state");
        addPointWidget("STATE_TIMELINE", "States", 6, 2, Map.of(), "state", "mode");
        addSubtreeWidget("ALERT_LIST", "Alarms", 6, 3, "Fleet");
        addSubtreeWidget("MAP", "Sites", 6, 3, "Fleet");
        done();

        WebElement gauge = widget("Power gauge");
        browser.await().until(d -> "danger".equals(gauge.findElement(By.cssSelector("[data-widget-value]"))
                .getAttribute("data-level")));
        browser.await().until(d -> widget("Sites").findElements(By.cssSelector(".site-marker")).size() == 1);
        assertThat(widget("Sites").findElement(By.cssSelector(".site-map")).getAttribute("data-sites")).isEqualTo("1");
        assertThat(widget("Sites").getText()).contains("Site Harbour");
        browser.await().until(d -> widget("Alarms").findElements(By.cssSelector(".alert-feed li")).size() == 1);
        browser.screenshot("widget-library-desktop");

        ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        try {
            js("localStorage.setItem('openenos.theme', 'dark')");
            browser.driver.navigate().refresh();
            browser.await().until(d -> widget("Sites").findElements(By.cssSelector(".site-marker")).size() == 1);
            browser.await().until(d -> !widget("States").findElements(By.cssSelector(".st-band")).isEmpty());
            browser.await().until(d -> !widget("Alarms").findElements(By.cssSelector(".alert-feed li")).isEmpty());
            assertThat((String) js("return getComputedStyle(document.documentElement).backgroundColor"))
                    .as("dark background").isEqualTo("rgb(15, 20, 27)");
            assertThat((Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                    .as("overflow on a phone").isLessThanOrEqualTo(0L);
            for (String title : List.of("Power gauge", "Latest", "States", "Alarms", "Sites")) {
                js("arguments[0].scrollIntoView({block: 'start'})", widget(title));
                browser.screenshot("widget-phone-dark-" + title.toLowerCase().replace(' ', '-'));
            }
            widget("Latest").findElement(By.cssSelector("details.widget-menu summary")).click();
            assertThat((Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                    .as("overflow with a widget menu open").isLessThanOrEqualTo(0L);
            browser.visible("#dashboard-edit").click();
            browser.visible("#widget-form");
            new Select(browser.visible("#w-type")).selectByValue("ALERT_LIST");
            browser.visible("#w-node");
            assertThat((Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                    .as("editor overflow on a phone").isLessThanOrEqualTo(0L);
            browser.screenshot("widget-editor-alert-list-phone-dark");
        } finally {
            js("localStorage.removeItem('openenos.theme')");
            ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
