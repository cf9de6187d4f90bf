package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.model.MeasurePointValue;
import org.openenos.server.ServerTestBase;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.timeseries.TimeSeriesModule;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Time preferences (browser, UTC or a site's zone; 24/12 hours) applied to what pages show and read, the alert rule
 * preview in the rule editor, the map's configurable base layer, enum labels in the explorer and alert list, and
 * readable errors on the roles and workflows pages; in headless Chromium whose own zone is New York, so the
 * browser's zone, UTC and the site's (Berlin) all differ.
 */
@ExtendWith(BrowserExtension.class)
class PortalTimeAndAlertsBrowserTest extends ServerTestBase {
    private static Browser browser;

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    TimeSeriesModule timeSeries;

    @BeforeEach
    void openBrowser() throws Exception {
        ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.setTimezoneOverride",
                Map.of("timezoneId", "America/New_York"));
    }

    @AfterEach
    void desktopAgain() {
        ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        js("localStorage.removeItem('openenos.theme')");
    }

    private PortalFixture signedIn(String modelId) {
        Tenant t = newTenant();
        PortalFixture fixture = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                TurbineModel.of(modelId));
        browser.signInAfresh(fixture.adminUser(), PortalFixture.PASSWORD);
        return fixture;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser.driver).executeScript(script);
    }

    /** Runs a function of the portal's own format.js module (the instance the pages use) in the page. */
    private Object format(String body) {
        return ((JavascriptExecutor) browser.driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('/js/format.js').then((f) => done(" + body + "));");
    }

    private void savePreferences(String zone, String siteName, boolean hour24) {
        browser.open("#/preferences");
        browser.visible("#prefs-form input[name=timeZone][value='" + zone + "']").click();
        if (siteName != null) {
            Select site = new Select(browser.visible("#prefs-site"));
            browser.await().until(d -> site.getOptions().stream().anyMatch(o -> o.getText().startsWith(siteName)));
            site.getOptions().stream().filter(o -> o.getText().startsWith(siteName)).findFirst().orElseThrow().click();
        }
        WebElement hours = browser.visible("#prefs-hour24");
        if (hours.isSelected() != hour24) {
            hours.click();
        }
        browser.visible("#prefs-save").click();
        browser.visible("#prefs-message");
    }

    private void store(PortalFixture f, String point, List<Long> times, List<?> values) throws Exception {
        var batch = new java.util.ArrayList<MeasurePointValue>();
        for (int i = 0; i < times.size(); i++) {
            batch.add(new MeasurePointValue(f.orgId(), f.modelId(), f.deviceAssetId(), point, times.get(i),
                    values.get(i), null));
        }
        ingest.ingest(batch).get();
        assertThat(timeSeries.awaitStored(java.time.Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void timesAreShownAndEnteredInTheZoneAndHourFormatTheUserChoseAndTheChoiceIsKeptOnTheServer() throws Exception {
        PortalFixture f = signedIn("time_prefs");
        long instant = Instant.parse("2024-06-10T12:05:09Z").toEpochMilli();
        assertThat(browser.visible("#time-zone-link").getText()).contains("America/New_York");
        assertThat(format("f.time(" + instant + ")")).isEqualTo("2024-06-10 08:05:09 UTC-04:00");

        savePreferences("UTC", null, true);
        assertThat(format("f.time(" + instant + ")")).isEqualTo("2024-06-10 12:05:09 UTC");
        assertThat(browser.visible("#time-zone-link").getText()).isEqualTo("Times in UTC");

        savePreferences("site", "Site North", false);
        browser.driver.navigate().refresh(); // read back from the server, not from the page that saved it
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("time-zone-link"),
                "Europe/Berlin"));
        assertThat(format("f.time(" + instant + ")")).isEqualTo("2024-06-10 2:05:09 PM UTC+02:00");
        // entered times: a datetime-local value is a Berlin wall-clock time, also across the change to summer time
        assertThat(format("f.fromInput('2024-06-10T14:05')")).isEqualTo(Instant.parse("2024-06-10T12:05:00Z")
                .toEpochMilli());
        assertThat(format("f.fromInput('2024-03-31T03:30')")).isEqualTo(Instant.parse("2024-03-31T01:30:00Z")
                .toEpochMilli());
        assertThat(format("f.toInput(" + instant + ")")).isEqualTo("2024-06-10T14:05");
        // chart axes: a tick at 12:05 UTC reads 2:05 PM, a midnight tick in Berlin shows the date
        assertThat(format("f.timeAxis('#000').values(null, [" + instant / 1000 + ", "
                + Instant.parse("2024-06-10T22:00:00Z").getEpochSecond() + "], 0, 70, 3600)"))
                .isEqualTo(List.of("2:05 PM", "11.06."));

        browser.open("#/explorer");
        assertThat(browser.visible("#explorer-zone").getText()).isEqualTo("Europe/Berlin (UTC+01:00)"
                .replace("+01:00", berlinOffsetNow()));
        browser.screenshot("preferences-site-zone");
    }

    @Test
    void aPageAlreadyOpenInAnotherTabIsDrawnAgainInTheZoneSavedInThisOne() {
        PortalFixture f = signedIn("time_tabs");
        browser.open("#/explorer");
        assertThat(browser.visible("#explorer-zone").getText()).startsWith("America/New_York");
        String explorerTab = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(WindowType.TAB);
        try {
            browser.signIn(f.adminUser(), PortalFixture.PASSWORD);
            savePreferences("UTC", null, true);
        } finally {
            browser.driver.close();
            browser.driver.switchTo().window(explorerTab);
        }
        browser.await().until(ExpectedConditions.textToBe(By.id("time-zone-link"), "Times in UTC"));
        browser.await().until(d -> d.findElement(By.id("explorer-zone")).getText().startsWith("UTC"));
        assertThat(format("f.time(" + Instant.parse("2024-06-10T12:05:09Z").toEpochMilli() + ")"))
                .isEqualTo("2024-06-10 12:05:09 UTC");
    }

    @Test
    void aDashboardBeingEditedKeepsItsEditsWhenTheZoneIsSavedInAnotherTabAndShowsTheZoneOnceSaved() {
        PortalFixture f = signedIn("time_edit");
        String id = f.admin().post("/dashboard-service/v2.1/dashboards", Map.of("action", "create", "orgId",
                f.orgId()), Map.of("name", "Plant", "widgets", List.of())).data().path("dashboardId").asString();
        browser.open("#/dashboards/" + id + "/edit");
        WebElement name = browser.visible("#dash-rename");
        name.clear();
        name.sendKeys("Plant renamed", org.openqa.selenium.Keys.TAB);
        String dashboardTab = browser.driver.getWindowHandle();
        browser.driver.switchTo().newWindow(WindowType.TAB);
        try {
            browser.signIn(f.adminUser(), PortalFixture.PASSWORD);
            savePreferences("UTC", null, true);
        } finally {
            browser.driver.close();
            browser.driver.switchTo().window(dashboardTab);
        }
        browser.visible("#preferences-waiting");
        assertThat(browser.visible("#dash-rename").getDomProperty("value")).isEqualTo("Plant renamed");
        assertThat(browser.visible("#time-zone-link").getText()).isNotEqualTo("Times in UTC");

        browser.visible("#dashboard-save").click();
        browser.await().until(ExpectedConditions.textToBe(By.id("time-zone-link"), "Times in UTC"));
        assertThat(browser.visible("#dashboard-title").getText()).isEqualTo("Plant renamed");
        assertThat(browser.driver.findElements(By.id("preferences-waiting"))).isEmpty();
    }

    private static String berlinOffsetNow() {
        var offset = ZoneId.of("Europe/Berlin").getRules().getOffset(Instant.now());
        return offset.getId();
    }

    @Test
    void theRuleEditorPreviewsHowOftenARuleWouldHaveFiredOverTheLastDayBeforeItIsSaved() throws Exception {
        PortalFixture f = signedIn("rule_prev");
        savePreferences("UTC", null, true);
        long now = System.currentTimeMillis();
        long hour = 3_600_000;
        List<Long> times = List.of(now - 6 * hour, now - 5 * hour, now - 4 * hour, now - 3 * hour, now - 2 * hour);
        store(f, "power", times, List.of(100.0, 900.0, 300.0, 950.0, 200.0));

        browser.open("#/alerts/rules");
        browser.visible("#rule-modelId").sendKeys(f.modelId());
        browser.visible("#rule-measurepointId").sendKeys("power");
        browser.visible("#rule-condition").sendKeys("${power} > 800");
        Select severity = new Select(browser.visible("#rule-severityId"));
        browser.await().until(d -> severity.getOptions().size() > 1); // the organization's default severities
        severity.selectByValue("warning");
        browser.visible("#rule-preview-run").click();

        assertThat(browser.visible("#rule-preview-count").getText())
                .contains("would have fired 2 times on 1 asset").contains("5 stored values replayed");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#rule-preview-list tbody tr"));
        assertThat(rows).hasSize(2);
        String firstTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                .withZone(ZoneId.of("UTC")).format(Instant.ofEpochMilli(times.get(1))) + " UTC";
        assertThat(rows.get(0).getText()).contains("Inverter 1").contains(firstTime).contains("900 kW");
        var rules = f.admin().post("/event-service/v2.1/alert-rules", Map.of("action", "search", "orgId", f.orgId()),
                Map.of());
        assertThat(rules.data()).as("previewing saves nothing").isEmpty();

        browser.visible("#rule-condition").sendKeys(" &&& nonsense");
        browser.visible("#rule-preview-run").click();
        assertThat(browser.visible("[data-field-error=condition]").getText()).isNotBlank();
        browser.screenshot("rule-preview");
    }

    @Test
    void theMapDrawsTheConfiguredTileServerWithItsAttributionAndTheOfflineLayerByDefault() throws Exception {
        PortalFixture f = signedIn("map_tiles");
        var settings = f.admin().exchange("GET", "/portal-service/v2.1/settings", Map.of(), "");
        assertThat(settings.body()).contains("\"tileUrl\":\"\"");

        Object attribution = ((JavascriptExecutor) browser.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('leaflet'), import('/js/components/site-map.js')]).then(async ([L, m]) => {
                  const probe = async (settings) => {
                    const box = document.createElement('div');
                    box.style.cssText = 'width:300px;height:200px';
                    document.body.append(box);
                    const map = L.map(box).setView([52.5, 13.4], 5);
                    await m.addBaseLayer(map, settings);
                    return box;
                  };
                  const configured = await probe({ tileUrl: '/tiles/{z}/{x}/{y}.png',
                    tileAttribution: '© Example tiles', tileMaxZoom: 12 });
                  const offline = await probe(); // the server's settings: no tile server
                  setTimeout(() => done([configured.querySelector('.leaflet-control-attribution')?.textContent,
                    configured.querySelector('.configured-tiles img')?.getAttribute('src'),
                    offline.querySelectorAll('canvas').length, offline.querySelectorAll('img').length]), 300);
                });""");
        assertThat((List<?>) attribution).first().asString().contains("© Example tiles");
        assertThat((List<?>) attribution).element(1).asString().matches("/tiles/5/\\d+/\\d+\\.png");
        assertThat(((Number) ((List<?>) attribution).get(2)).intValue()).as("offline tiles drawn").isPositive();
        assertThat(((Number) ((List<?>) attribution).get(3)).intValue()).as("no tile images").isZero();
    }

    @Test
    void theExplorerAndTheAlertListShowEnumLabelsAndTheRolesAndWorkflowsPagesShowReadableErrors() throws Exception {
        PortalFixture f = signedIn("enum_lbls");
        long now = System.currentTimeMillis();
        store(f, "state", List.of(now - 120_000, now - 60_000), List.of(1, 2));

        browser.open("#/explorer");
        browser.visible("oe-explorer-page button.twisty").click();
        WebElement site = browser.visible("oe-explorer-page button.label[data-asset-id='" + f.siteAssetId() + "']");
        site.findElement(By.xpath("preceding-sibling::button")).click();
        browser.visible("oe-explorer-page button.label[data-asset-id='" + f.deviceAssetId() + "']").click();
        browser.visible("input[name=series][value='" + f.deviceAssetId() + "/state']").click();
        browser.visible("#explorer-run").click();
        browser.visible("oe-series-chart .u-legend");
        // the legend shows the value under the cursor: move it onto the last sample
        js("const u = document.querySelector('oe-series-chart .uplot'); const over = u.querySelector('.u-over');"
                + "const r = over.getBoundingClientRect();"
                + "over.dispatchEvent(new MouseEvent('mousemove', {clientX: r.right - 1, clientY: r.top + 5, bubbles: true}));");
        browser.await().until(d -> d.findElement(By.cssSelector("oe-series-chart .u-legend")).getText()
                .contains("Fault"));

        // roles: a second role with a taken name is refused with a sentence, not the server's raw message
        browser.open("#/roles");
        for (int i = 0; i < 2; i++) {
            WebElement name = browser.visible("#r-name");
            name.clear();
            name.sendKeys("Night shift");
            browser.driver.findElement(By.cssSelector("form[aria-label='New role'] button[type=submit]")).click();
            if (i == 0) {
                browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("roles-message"),
                        "created"));
            }
        }
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("roles-message"),
                "Creating the role failed: "));

        // workflows: a workflow without a name is refused with a sentence naming what failed
        browser.open("#/workflows");
        browser.visible("#new-workflow").click();
        browser.visible("input[name=flowName]").sendKeys("Bad schedule");
        browser.visible("fieldset[data-task-index='0'] input[name=taskName]").sendKeys("t1");
        WebElement freq = browser.visible("input[name=freq]");
        freq.clear();
        freq.sendKeys("every now and then");
        browser.visible("#save-workflow").click();
        assertThat(browser.visible("p.error[role=alert]").getText()).startsWith("Saving the workflow failed: ");

        // phone width and dark mode on the new preferences page
        ((ChromeDriver) browser.driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        js("localStorage.setItem('openenos.theme', 'dark')");
        browser.open("#/preferences");
        browser.driver.navigate().refresh();
        browser.visible("#prefs-save");
        assertThat((String) js("return getComputedStyle(document.documentElement).backgroundColor"))
                .isEqualTo("rgb(15, 20, 27)");
        assertThat((Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                .isZero();
        browser.screenshot("preferences-phone-dark");
    }
}
