package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import org.openqa.selenium.support.ui.Select;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * How fast the portal draws what an operator looks at, measured in headless Chromium against the real server (the
 * figures are in docs/benchmarks.md): a dashboard of 12 widgets over 50 assets, and the history chart of 7 days of
 * one-second data (604,800 samples) zoomed from averages to raw samples and back.
 */
@ExtendWith(BrowserExtension.class)
class PortalDashboardPerformanceBrowserTest extends ServerTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(PortalDashboardPerformanceBrowserTest.class);
    private static final int ASSETS = 50;
    private static final int WEEK = 7 * 86_400;
    private static Browser browser;

    @Autowired
    TelemetryIngest ingest;

    private PortalFixture signedIn(String modelId) throws Exception {
        Tenant t = newTenant();
        PortalFixture fixture = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                TurbineModel.of(modelId));
        browser.signInAfresh(fixture.adminUser(), PortalFixture.PASSWORD);
        return fixture;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(script, args);
    }

    private Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeAsyncScript(script, args);
    }

    /** Count and slowest duration of the page's requests by path and action, to see where the time goes. */
    private static final String REQUESTS = """
            const by = {};
            for (const r of performance.getEntriesByType('resource')) {
              const u = new URL(r.name);
              const k = u.pathname + '?' + (u.searchParams.get('action') ?? '');
              by[k] = by[k] ?? [0, 0, 0];
              by[k][0]++;
              by[k][1] = Math.max(by[k][1], Math.round(r.duration));
              by[k][2] = Math.max(by[k][2], Math.round(r.responseEnd));
            }
            return JSON.stringify(by);""";

    private static Map<String, Object> widget(String id, String type, int x, int y, int w, int h,
                                              List<Map<String, String>> points, Map<String, Object> more) {
        Map<String, Object> m = new HashMap<>(Map.of("id", id, "type", type, "title", id, "x", x, "y", y, "w", w,
                "h", h, "points", points));
        m.putAll(more);
        return m;
    }

    private static List<Map<String, String>> points(List<String> assets, String pointId) {
        return assets.stream().map(a -> Map.of("assetId", a, "pointId", pointId)).toList();
    }

    /** Twelve widgets of every display kind that together show all 50 assets. */
    private static List<Map<String, Object>> twelveWidgets(List<String> a) {
        List<Map<String, Object>> w = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            w.add(widget("card" + i, "VALUE_CARD", i * 3, 0, 3, 2, points(a.subList(i, i + 1), "power"),
                    Map.of("thresholds", List.of(Map.of("value", 400, "level", "warn")))));
        }
        w.add(widget("gauge0", "GAUGE", 0, 2, 3, 2, points(a.subList(4, 5), "power"), Map.of("min", 0, "max", 500)));
        w.add(widget("gauge1", "GAUGE", 3, 2, 3, 2, points(a.subList(5, 6), "wind"), Map.of("min", 0, "max", 25)));
        w.add(widget("table0", "LATEST_TABLE", 6, 2, 3, 4, points(a.subList(6, 26), "power"), Map.of()));
        w.add(widget("table1", "LATEST_TABLE", 9, 2, 3, 4, points(a.subList(26, 46), "wind"), Map.of()));
        w.add(widget("status", "STATUS", 0, 4, 6, 2, points(a.subList(46, 50), "state"), Map.of()));
        w.add(widget("chart0", "LINE_CHART", 0, 6, 6, 3, points(a.subList(0, 5), "power"), Map.of()));
        w.add(widget("chart1", "LINE_CHART", 6, 6, 6, 3, points(a.subList(5, 10), "wind"), Map.of()));
        w.add(widget("states", "STATE_TIMELINE", 0, 9, 12, 3, points(a.subList(10, 15), "state"), Map.of()));
        return w;
    }

    /** Navigates to the dashboard inside the running portal; answers the milliseconds until every widget is drawn. */
    private double openAndTime(String dashboardId) {
        Object took = jsAsync("""
                const done = arguments[arguments.length - 1];
                const t0 = performance.now();
                location.hash = '#/dashboards/' + arguments[0];
                const ready = () => {
                  const ws = [...document.querySelectorAll('oe-dash-widget')];
                  return ws.length === 12 && ws.every((w) => {
                    const t = w.widget?.type;
                    if (t === 'LINE_CHART') return !!w.querySelector('.wchart[data-loaded] canvas');
                    if (t === 'STATE_TIMELINE') return w.querySelectorAll('.st-band').length >= w.widget.points.length;
                    const v = [...w.querySelectorAll('[data-widget-value]')];
                    return v.length > 0 && v.every((e) => e.textContent.trim() !== '—');
                  });
                };
                const state = () => [...document.querySelectorAll('oe-dash-widget')].map((w) => w.widget?.type + ':'
                  + (w.meta ? 'meta' : 'no meta') + ':' + w.querySelector('.body')?.textContent.replace(/\\s+/g, ' ').slice(0, 80));
                const poll = () => (ready() ? done(performance.now() - t0)
                  : performance.now() - t0 > 20000 ? done(JSON.stringify(state())) : requestAnimationFrame(poll));
                requestAnimationFrame(poll);""", dashboardId);
        assertThat(took).as("the dashboard was not drawn within 20 s").isInstanceOf(Number.class);
        return ((Number) took).doubleValue();
    }

    @Test
    void aDashboardOfTwelveWidgetsOverFiftyAssetsIsDrawnInUnderASecond() throws Exception {
        PortalFixture f = signedIn("perf_dash");
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 2; i <= ASSETS; i++) {
            inputs.add(Map.of("productKey", f.productKey(), "deviceKey", "inv-" + i, "timezone", "UTC",
                    "deviceName", Map.of("defaultValue", "Inverter " + i)));
        }
        var created = PortalFixture.check(f.admin().post("/connect-service/v2.1/devices",
                Map.of("orgId", f.orgId(), "action", "batchCreate"), Map.of("deviceList", inputs)));
        List<String> assets = new ArrayList<>(List.of(f.deviceAssetId()));
        created.data().forEach(item -> assets.add(item.path("data").path("assetId").asString()));
        assertThat(assets).hasSize(ASSETS).doesNotContain("");
        long now = System.currentTimeMillis();
        List<MeasurePointValue> values = new ArrayList<>();
        for (int i = 0; i < ASSETS; i++) {
            for (int m = 60; m >= 0; m -= 5) {
                long at = now - m * 60_000L;
                values.add(new MeasurePointValue(f.orgId(), f.modelId(), assets.get(i), "power", at, 100.0 + i + m,
                        null));
                values.add(new MeasurePointValue(f.orgId(), f.modelId(), assets.get(i), "wind", at, 5.0 + m / 10.0,
                        null));
                values.add(new MeasurePointValue(f.orgId(), f.modelId(), assets.get(i), "state", at, (m / 20) % 3,
                        null));
            }
        }
        ingest.ingest(values).get();
        Await.atMost(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(250)).until("the values of all assets",
                () -> f.admin().post("/tsdb-service/v2.1/latest", Map.of("orgId", f.orgId()),
                        Map.of("assetIds", String.join(",", assets), "pointIds", "power,wind,state")),
                r -> {
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    r.data().path("items").forEach(item -> {
                        for (String point : List.of("power", "wind", "state")) {
                            if (point.equals(item.path("pointId").asString()) || item.has(point)) {
                                seen.add(item.path("assetId").asString() + "/" + point);
                            }
                        }
                    });
                    return r.ok() && seen.size() >= ASSETS * 3;
                });
        String id = PortalFixture.check(f.admin().post("/dashboard-service/v2.1/dashboards",
                Map.of("orgId", f.orgId(), "action", "create"), Map.of("name", "Fifty turbines",
                        "widgets", twelveWidgets(assets)))).data().path("dashboardId").asString();

        browser.open("#/dashboards");
        browser.visible("#dash-name");
        openAndTime(id); // warm: modules, models and connections, as for an operator who has used the portal
        double[] runs = new double[5];
        for (int i = 0; i < runs.length; i++) {
            js("location.hash = '#/dashboards'");
            browser.visible("#dash-name");
            js("performance.clearResourceTimings()");
            runs[i] = openAndTime(id);
        }
        LOG.info("requests of the last run (path: count, slowest ms): {}", js(REQUESTS));
        assertThat(js("return performance.getEntriesByType('resource')"
                + ".filter((r) => r.name.includes('/tsdb-service/v2.1/raw')).length"))
                .as("history requests of the last run: one per set of points over the same assets"
                        + " (power, wind, state) instead of one per series").isEqualTo(3L);
        Arrays.sort(runs);
        double median = runs[runs.length / 2];
        LOG.info("dashboard of 12 widgets over 50 assets drawn in ms: {} (median {})", Arrays.toString(runs), median);
        browser.screenshot("perf-dashboard-12-widgets");

        browser.driver.navigate().refresh();
        double reload = ((Number) jsAsync("""
                const done = arguments[arguments.length - 1];
                const poll = () => {
                  const ws = [...document.querySelectorAll('oe-dash-widget')];
                  const ok = ws.length === 12 && ws.every((w) => w.widget?.type !== 'LINE_CHART'
                    || w.querySelector('.wchart[data-loaded] canvas'));
                  ok ? done(performance.now()) : requestAnimationFrame(poll);
                };
                poll();""")).doubleValue();
        LOG.info("dashboard of 12 widgets over 50 assets after a full page load: {} ms", reload);
        // the median of five: single runs measure the machine's load as much as the portal (all are logged)
        assertThat(runs[0]).as("time to draw the dashboard, ms").isLessThan(1000);
        assertThat(median).as("median time to draw the dashboard, ms").isLessThan(1000);
    }

    @Test
    void sevenDaysOfOneSecondDataAreZoomedFromAveragesToRawSamplesAndBackSmoothly() throws Exception {
        PortalFixture f = signedIn("perf_chart");
        long end = System.currentTimeMillis() / 1000 * 1000;
        long start = end - (WEEK - 1) * 1000L;
        long seeding = System.nanoTime();
        List<MeasurePointValue> batch = new ArrayList<>(20_000);
        for (int i = 0; i < WEEK; i++) {
            batch.add(new MeasurePointValue(f.orgId(), f.modelId(), f.deviceAssetId(), "power", start + i * 1000L,
                    250 + 200 * Math.sin(i / 5400.0) + (i % 13), null));
            if (batch.size() == 20_000 || i == WEEK - 1) {
                ingest.ingest(List.copyOf(batch)).get();
                batch.clear();
            }
        }
        Await.atMost(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(250)).until("the last sample stored",
                () -> f.admin().post("/tsdb-service/v2.1/raw", Map.of("orgId", f.orgId()),
                        Map.of("assetIds", f.deviceAssetId(), "pointIds", "power",
                                "startTime", iso(end - 5000), "endTime", iso(end + 5000), "pageSize", 100,
                                "itemFormat", 2)),
                r -> r.ok() && r.data().path("items").path(0).path("timestamp").size() > 0);
        LOG.info("seeded {} samples in {} ms", WEEK, (System.nanoTime() - seeding) / 1_000_000);

        browser.open("#/devices/" + f.deviceAssetId());
        new Select(browser.visible("#chart-point")).selectByValue("power");
        browser.visible(".chart-box[data-status=ok] canvas");
        double week = switchTo("//div[@aria-label='Time range']/button[text()='7d']", "aggregate");
        assertThat(browser.visible("#chart-info").getText()).contains("average per 30 min");
        double[] weekFrames = frames();
        browser.screenshot("perf-chart-7d-aggregate");

        WebElement over = browser.driver.findElement(By.cssSelector(".chart-box .u-over"));
        int width = over.getSize().getWidth();
        long t0 = System.nanoTime();
        new Actions(browser.driver).moveToElement(over, -width / 2 + width * 9 / 10, 0).clickAndHold()
                .moveByOffset(Math.max(3, width / 160), 0).release().perform();
        browser.visible(".chart-box[data-status=ok][data-mode=raw] canvas");
        double zoomIn = (System.nanoTime() - t0) / 1e6;
        int raw = Integer.parseInt(browser.driver.findElement(By.cssSelector(".chart-box")).getAttribute("data-samples"));
        assertThat(raw).as("raw samples of about an hour").isBetween(1000, 10_000);
        double[] rawFrames = frames();
        browser.screenshot("perf-chart-zoomed-raw");

        double back = switchTo("//div[@aria-label='Time range']/button[text()='7d']", "aggregate");
        LOG.info("7-day chart of {} samples: aggregate in {} ms, zoom to {} raw samples in {} ms, back to aggregate"
                + " in {} ms; frame (draw) ms p50/p95/max: aggregate {} raw {}", WEEK, week, raw, zoomIn, back,
                Arrays.toString(weekFrames), Arrays.toString(rawFrames));
        assertThat(weekFrames[1]).as("p95 draw of the 7-day aggregate, ms").isLessThan(50);
        assertThat(rawFrames[1]).as("p95 draw of the raw samples, ms").isLessThan(50);
        assertThat(Math.max(week, Math.max(zoomIn, back))).as("query and draw after a zoom, ms").isLessThan(10_000);
    }

    private static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString().replaceAll("\\.\\d+Z", "Z");
    }

    /** Clicks a range button and answers the milliseconds until the chart shows the new window in {@code mode}. */
    private double switchTo(String button, String mode) {
        String before = browser.driver.findElement(By.cssSelector(".chart-box")).getAttribute("data-last") + "/"
                + browser.driver.findElement(By.cssSelector(".chart-box")).getAttribute("data-samples");
        long t0 = System.nanoTime();
        browser.driver.findElement(By.xpath(button)).click();
        browser.await().until(d -> {
            WebElement box = d.findElement(By.cssSelector(".chart-box"));
            return "ok".equals(box.getAttribute("data-status")) && mode.equals(box.getAttribute("data-mode"))
                    && !before.equals(box.getAttribute("data-last") + "/" + box.getAttribute("data-samples"));
        });
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Zooms the drawn chart in and out over 60 frames (the x scale narrowed to a quarter and widened again, as a
     * wheel or pinch would) and answers the draw time per frame: p50, p95 and max in ms.
     */
    private double[] frames() {
        @SuppressWarnings("unchecked")
        List<Number> ms = (List<Number>) jsAsync("""
                const done = arguments[arguments.length - 1];
                const u = document.querySelector('oe-history-chart').plot;
                const { min, max } = u.scales.x;
                const span = max - min;
                const out = [];
                let i = 0;
                const step = () => {
                  const f = 1 - 0.75 * Math.sin((i / 60) * Math.PI);
                  const t0 = performance.now();
                  u.setScale('x', { min: max - span * f, max });
                  queueMicrotask(() => {
                    out.push(performance.now() - t0);
                    if (++i < 60) requestAnimationFrame(step);
                    else { u.setScale('x', { min, max }); done(out); }
                  });
                };
                requestAnimationFrame(step);""");
        double[] sorted = ms.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        return new double[] {round(sorted[sorted.length / 2]), round(sorted[(int) (sorted.length * 0.95)]),
            round(sorted[sorted.length - 1])};
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
