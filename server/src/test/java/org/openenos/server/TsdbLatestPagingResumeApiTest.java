package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.testkit.MqttTestDevice;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.beans.factory.annotation.Autowired;

/** latest/filter, paging of raw data with pageToken, limits, and resumed device data stored once. */
class TsdbLatestPagingResumeApiTest extends ServerTestBase {
    static final long T0 = 1_717_970_400_000L;

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    TimeSeriesModule timeSeries;
    @Autowired
    MqttGateway gateway;

    @Test
    void latestFilterKeepsTheAssetsWhoseLatestValueMatchesWithinTheTimeWindow() throws Exception {
        Tenant t = newTenant();
        String a = asset(), b = asset(), c = asset();
        long now = System.currentTimeMillis();
        store(t, List.of(v(t, a, "temp", now - 120_000, 18.0), v(t, a, "temp", now - 1_000, 25.5),
                v(t, b, "temp", now - 1_000, 12.0), v(t, c, "temp", now - 3 * 3_600_000, 30.0)));
        String assets = a + "," + b + "," + c;

        var warm = post(t, "latest/filter", Map.of("assetIds", assets, "pointId", "temp", "operator", "gt",
                "valueFilter", "20", "ifWithLocalTime", true));
        assertThat(warm.code()).as(warm.toString()).isZero();
        assertThat(warm.data().path("items")).extracting(i -> i.path("assetId").asString()).containsExactly(a, c);
        assertThat(warm.data().path("items").get(0).path("temp").asDouble()).isEqualTo(25.5);
        assertThat(warm.data().path("items").get(0).path("localtime").isString()).isTrue();

        var recent = post(t, "latest/filter", Map.of("assetIds", assets, "pointId", "temp", "operator", "between",
                "valueFilter", "10,26", "timeWindow", 60));
        assertThat(recent.data().path("items")).extracting(i -> i.path("assetId").asString()).containsExactly(a, b);

        var bad = post(t, "latest/filter", Map.of("assetIds", assets, "pointId", "temp", "operator", "like",
                "valueFilter", "2"));
        assertThat(bad.code()).isEqualTo(80400);
        Tenant other = newTenant();
        var foreign = post(other, "latest/filter", Map.of("assetIds", assets, "pointId", "temp", "operator", "gt",
                "valueFilter", "0"));
        assertThat(foreign.data().path("items")).isEmpty();

        var deleted = t.app().post("/tsdb-service/v2.1/latest", Map.of("orgId", t.orgId(), "action", "delete"),
                Map.of("assetIds", a, "pointIds", "temp"));
        assertThat(deleted.code()).isZero();
        var afterDelete = post(t, "latest/filter", Map.of("assetIds", assets, "pointId", "temp", "operator", "gt",
                "valueFilter", "20"));
        assertThat(afterDelete.data().path("items")).extracting(i -> i.path("assetId").asString()).containsExactly(c);
    }

    @Test
    void rawDataIsReadPageByPageWithTheReturnedTokenInEitherOrder() throws Exception {
        Tenant t = newTenant();
        String a = asset();
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < 5; i++) {
            values.add(v(t, a, "temp", T0 + i * 1000L, (double) i));
        }
        values.add(v(t, a, "hum", T0, 50.0));
        store(t, values);
        var body = new HashMap<String, Object>(Map.of("assetIds", a, "pointIds", "temp,hum",
                "startTime", "2024-06-09T22:00:00Z", "endTime", "2024-06-09T23:00:00Z", "pageSize", 2));

        List<Double> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            if (token != null) {
                body.put("pageToken", token);
            }
            var page = post(t, "raw", body);
            assertThat(page.code()).as(page.toString()).isZero();
            page.data().path("items").forEach(i -> {
                if (i.has("temp")) {
                    seen.add(i.path("temp").asDouble());
                }
            });
            pageSizes.add(page.data().path("items").size());
            token = page.data().path("pageToken").isString() ? page.data().path("pageToken").asString() : null;
        } while (token != null);
        assertThat(seen).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
        assertThat(pageSizes).containsExactly(3, 2, 1);

        body.remove("pageToken");
        body.put("orderBy", "timestamp desc");
        var first = post(t, "raw", body);
        assertThat(first.data().path("items")).extracting(i -> i.path("temp").asDouble(-1)).contains(4.0, 3.0);
        body.put("pageToken", first.data().path("pageToken").asString());
        var second = post(t, "raw", body);
        assertThat(second.data().path("items")).extracting(i -> i.path("temp").asDouble()).containsExactly(2.0, 1.0);

        body.put("endTime", "2024-06-09T23:30:00Z");
        assertThat(post(t, "raw", body).code()).isEqualTo(80400);
    }

    @Test
    void argumentsBeyondTheLimitsAreRejectedWith80400() {
        Tenant t = newTenant();
        String range = "\"startTime\":\"2024-06-10T00:00:00Z\",\"endTime\":\"2024-06-11T00:00:00Z\"";
        assertThat(post(t, "raw", Map.of("assetIds", "a", "pointIds", "temp", "startTime", "2024-06-10T00:00:00Z",
                "endTime", "2024-06-11T00:00:00Z", "pageSize", 640_001)).code()).isEqualTo(80400);
        assertThat(post(t, "raw", Map.of("assetIds", "a", "pointIds", "temp", "startTime", "2024-06-10T00:00:00Z",
                "endTime", "2024-06-11T00:00:00Z", "itemFormat", 3)).code()).isEqualTo(80400);
        assertThat(post(t, "latest", Map.of("assetIds", "a", "pointIds", "temp", "timeWindow", -1)).code())
                .isEqualTo(80400);
        var tooMany = new StringBuilder();
        for (int i = 0; i < 3001; i++) {
            tooMany.append(i == 0 ? "" : ",").append("a").append(i);
        }
        assertThat(post(t, "di/duration", Map.of("assetIds", tooMany.toString(), "pointIds", "state",
                "startTime", "2024-06-10T00:00:00Z", "endTime", "2024-06-11T00:00:00Z")).code()).isEqualTo(80400);
        assertThat(t.app().postRaw("/tsdb-service/v2.1/electric-power/current-day", Map.of("orgId", t.orgId()),
                "{\"assetIds\":\"a\"," + range + "}").code()).isEqualTo(80400);
    }

    @Test
    void valuesADeviceResumesAfterPostingThemAreStoredOnce() throws Exception {
        Tenant t = newTenant();
        TsdbSite site = TsdbSite.create(t, "resume-" + UUID.randomUUID().toString().substring(0, 8));
        long t0 = System.currentTimeMillis() - 600_000;
        try (MqttTestDevice device = MqttTestDevice.connect(gateway.port(), site.productKey(), site.deviceKey(),
                site.deviceSecret())) {
            for (int i = 0; i < 3; i++) {
                var reply = device.request("thing/measurepoint/post", "thing.measurepoint.post",
                        Map.of("measurepoints", Map.of("temp", 20.0 + i), "time", t0 + i * 1000L), "p" + i);
                assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
            }
            // The device missed the acknowledgements of the last two and re-sends them with one new value.
            for (int i = 1; i < 4; i++) {
                var reply = device.request("thing/measurepoint/resume", "thing.measurepoint.resume",
                        Map.of("measurepoints", Map.of("temp", 20.0 + i), "time", t0 + i * 1000L), "r" + i);
                assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
            }
        }
        assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();

        var raw = site.post("raw", Map.of("assetIds", site.assetId(), "pointIds", "temp",
                "startTime", java.time.Instant.ofEpochMilli(t0 - 1000).toString(),
                "endTime", java.time.Instant.ofEpochMilli(t0 + 60_000).toString()));

        assertThat(raw.code()).as(raw.toString()).isZero();
        assertThat(raw.data().path("items")).extracting(i -> i.path("timestamp").asLong())
                .containsExactly(t0, t0 + 1000, t0 + 2000, t0 + 3000);
    }

    private void store(Tenant t, List<MeasurePointValue> values) throws Exception {
        ingest.ingest(values).get();
        assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();
    }

    private static ApiClient.Response post(Tenant t, String path, Map<String, ?> body) {
        return t.app().post("/tsdb-service/v2.1/" + path, Map.of("orgId", t.orgId()), body);
    }

    private static MeasurePointValue v(Tenant t, String asset, String point, long time, double value) {
        return new MeasurePointValue(t.orgId(), "m", asset, point, time, value, null);
    }

    private static String asset() {
        return "as_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
