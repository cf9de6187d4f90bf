package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** DI changes and durations, meter energy per window and for the current day, on the real store in Berlin time. */
class TsdbStateAndEnergyApiTest extends ServerTestBase {
    static final long HOUR = 3_600_000;
    /** 2024-06-10 00:00 in Berlin (summer time, UTC+2). */
    static final long JUNE_10 = Instant.parse("2024-06-09T22:00:00Z").toEpochMilli();
    /** 2024-03-30 00:00 in Berlin; the next day has 23 hours (clocks go forward at 02:00 on 31 March). */
    static final long MARCH_30 = Instant.parse("2024-03-29T23:00:00Z").toEpochMilli();

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    TimeSeriesModule timeSeries;

    @Test
    void diReportsChangesOnlyStartingWithTheStateTracedBackToTheStartInLocalTime() throws Exception {
        TsdbSite site = site();
        store(site, "state", List.of(JUNE_10 - 2 * HOUR, JUNE_10 + HOUR, JUNE_10 + 2 * HOUR, JUNE_10 + 3 * HOUR,
                JUNE_10 + 5 * HOUR), List.of(1, 1, 0, 0, 1));

        var di = site.post("di", Map.of("assetIds", site.assetId(), "pointIds", "state",
                "startTime", "2024-06-10 00:00:00", "endTime", "2024-06-10 06:00:00", "localTimeFormat", 1));

        assertThat(di.code()).as(di.toString()).isZero();
        JsonNode items = di.data().path("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).path("timestamp").asLong()).isEqualTo(JUNE_10);
        assertThat(items.get(0).path("localtime").asString()).isEqualTo("2024-06-10 00:00:00+02:00");
        assertThat(items.get(0).path("state").asInt()).isEqualTo(1);
        assertThat(items.get(1).path("timestamp").asLong()).isEqualTo(JUNE_10 + 2 * HOUR);
        assertThat(items.get(1).path("state").asInt()).isZero();
        assertThat(items.get(2).path("timestamp").asLong()).isEqualTo(JUNE_10 + 5 * HOUR);

        var empty = site.post("di", Map.of("assetIds", site.assetId(), "pointIds", "state",
                "startTime", "2020-01-01 00:00:00", "endTime", "2020-01-02 00:00:00"));
        assertThat(empty.data().path("items")).isEmpty();
    }

    @Test
    void diDurationSumsHowLongEachStateHeldAndReportsUnknownTime() throws Exception {
        TsdbSite site = site();
        store(site, "state", List.of(JUNE_10 - 2 * HOUR, JUNE_10 + HOUR, JUNE_10 + 2 * HOUR, JUNE_10 + 3 * HOUR,
                JUNE_10 + 5 * HOUR), List.of(1, 1, 0, 0, 1));

        var full = site.post("di/duration", Map.of("assetIds", site.assetId(), "pointIds", "state",
                "startTime", "2024-06-10 00:00:00", "endTime", "2024-06-10 06:00:00"));
        assertThat(full.code()).as(full.toString()).isZero();
        JsonNode item = full.data().path("items").get(0);
        assertThat(item.path("assetId").asString()).isEqualTo(site.assetId());
        assertThat(item.path("pointId").asString()).isEqualTo("state");
        assertThat(item.path("scanEndTimestamp").asLong()).isEqualTo(JUNE_10 + 6 * HOUR);
        assertThat(durations(item)).containsExactly(Map.entry("0", 3 * HOUR), Map.entry("1", 3 * HOUR));

        var beforeData = site.post("di/duration", Map.of("assetIds", site.assetId(), "pointIds", "state",
                "startTime", "2024-06-09T18:00:00+02:00", "endTime", "2024-06-09T23:00:00+02:00"));
        assertThat(durations(beforeData.data().path("items").get(0)))
                .containsExactly(Map.entry("1", HOUR), Map.entry("Unknown", 4 * HOUR));
        var filtered = site.post("di/duration", Map.of("assetIds", site.assetId(), "pointIds", "state",
                "startTime", "2024-06-09T18:00:00+02:00", "endTime", "2024-06-10T06:00:00+02:00",
                "status", "0", "ifWithUnknown", false));
        assertThat(durations(filtered.data().path("items").get(0))).containsExactly(Map.entry("0", 3 * HOUR));

        var empty = site.post("di/duration", Map.of("assetIds", site.assetId(), "pointIds", "state",
                "startTime", "2020-01-01 00:00:00", "endTime", "2020-01-02 00:00:00", "ifWithUnknown", false));
        assertThat(empty.data().path("items").get(0).path("durations")).isEmpty();

        var intoTheFuture = site.post("di/duration", Map.of("assetIds", site.assetId(), "pointIds", "state",
                "startTime", "2024-06-10 05:00:00", "endTime", "2099-01-01 00:00:00"));
        var future = durations(intoTheFuture.data().path("items").get(0));
        assertThat(future.get("1")).isBetween(System.currentTimeMillis() - JUNE_10 - 5 * HOUR - 120_000,
                System.currentTimeMillis() - JUNE_10 - 5 * HOUR);
        assertThat(future).containsKey("Unknown");

        var wrongKind = site.post("di/duration", Map.of("assetIds", site.assetId(), "pointIds", "temp",
                "startTime", "2024-06-10 00:00:00", "endTime", "2024-06-10 06:00:00"));
        assertThat(wrongKind.code()).isEqualTo(80400);
        var otherOrg = newTenant().app().post("/tsdb-service/v2.1/di/duration", Map.of("orgId", site.tenant().orgId()),
                Map.of("assetIds", site.assetId(), "pointIds", "state", "startTime", "2024-06-10 00:00:00",
                        "endTime", "2024-06-10 06:00:00"));
        assertThat(otherOrg.code()).isEqualTo(99403);
    }

    @Test
    void electricPowerIsTheMeterIncreasePerLocalDayAcrossTheSpringForwardDay() throws Exception {
        TsdbSite site = site();
        var times = new ArrayList<Long>();
        var readings = new ArrayList<Object>();
        for (int h = 0; h <= 47; h++) {
            times.add(MARCH_30 + h * HOUR);
            readings.add(1000.0 + h);
        }
        // The meter is replaced after midnight of 1 April: the new one starts again from 0 and reads 0.5 at 00:30.
        times.add(MARCH_30 + 47 * HOUR + HOUR / 2);
        readings.add(0.5);
        store(site, "meter", times, readings);

        var daily = site.post("electric-power", Map.of("assetIds", site.assetId(), "pointIdsWithLogic", "sum(meter)",
                "interval", 1440, "startTime", "2024-03-30 00:00:00", "endTime", "2024-04-01 00:00:00"));

        assertThat(daily.code()).as(daily.toString()).isZero();
        JsonNode items = daily.data().path("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("localtime").asString()).isEqualTo("2024-03-30 00:00:00");
        assertThat(items.get(0).path("meter").asDouble()).isEqualTo(24.0);
        assertThat(items.get(1).path("localtime").asString()).isEqualTo("2024-03-31 00:00:00");
        assertThat(items.get(1).path("timestamp").asLong()).isEqualTo(MARCH_30 + 24 * HOUR);
        // 23 hours of the short day: 23 readings after midnight, the last one before the replacement.
        assertThat(items.get(1).path("meter").asDouble()).isEqualTo(23.0);

        var hourly = site.post("electric-power", Map.of("assetIds", site.assetId(),
                "pointIdsWithLogic", "sum(meter),max(meter)", "interval", 60, "itemFormat", 2,
                "startTime", "2024-03-31T20:00:00Z", "endTime", "2024-03-31T23:00:00Z"));
        JsonNode sums = hourly.data().path("items").get(0);
        assertThat(sums.path("pointId").asString()).isEqualTo("sum(meter)");
        assertThat(sums.path("value")).extracting(JsonNode::asDouble).containsExactly(1.0, 1.0, 0.5);

        var empty = site.post("electric-power", Map.of("assetIds", site.assetId(), "pointIdsWithLogic", "sum(meter)",
                "interval", 60, "startTime", "2020-01-01 00:00:00", "endTime", "2020-01-02 00:00:00"));
        assertThat(empty.data().path("items")).isEmpty();
        var tooLong = site.post("electric-power", Map.of("assetIds", site.assetId(), "pointIdsWithLogic",
                "sum(meter)", "interval", 1441, "startTime", "2020-01-01 00:00:00", "endTime", "2020-01-02 00:00:00"));
        assertThat(tooLong.code()).isEqualTo(80400);
        var notAMeter = site.post("electric-power", Map.of("assetIds", site.assetId(), "pointIdsWithLogic",
                "sum(temp)", "interval", 60, "startTime", "2020-01-01 00:00:00", "endTime", "2020-01-02 00:00:00"));
        assertThat(notAMeter.code()).isEqualTo(80400);
    }

    @Test
    void dailyAggregatesOfAiPointsFollowLocalDaysAcrossTheSpringForwardDay() throws Exception {
        TsdbSite site = site();
        var times = new ArrayList<Long>();
        var values = new ArrayList<Object>();
        for (int h = 0; h < 71; h++) {
            times.add(MARCH_30 + h * HOUR);
            values.add((double) h);
        }
        store(site, "temp", times, values);

        var daily = site.post("ai-normalized", Map.of("assetIds", site.assetId(),
                "pointIdsWithLogic", "count(temp),first(temp)", "interval", 1440, "itemFormat", 1,
                "startTime", "2024-03-30 00:00:00", "endTime", "2024-04-02 00:00:00"));

        assertThat(daily.code()).as(daily.toString()).isZero();
        JsonNode items = daily.data().path("items");
        assertThat(items).extracting(i -> i.path("localtime").asString())
                .containsExactly("2024-03-30 00:00:00", "2024-03-31 00:00:00", "2024-04-01 00:00:00");
        assertThat(items).extracting(i -> i.path("count(temp)").asLong()).containsExactly(24L, 23L, 24L);
        assertThat(items).extracting(i -> i.path("first(temp)").asDouble()).containsExactly(0.0, 24.0, 47.0);
    }

    @Test
    void currentDayEnergyCountsFromLocalMidnightOfTheAsset() throws Exception {
        TsdbSite site = site();
        ZoneId zone = ZoneId.of(TsdbSite.TIMEZONE);
        long now = System.currentTimeMillis();
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), zone);
        long midnight = today.atStartOfDay(zone).toInstant().toEpochMilli();
        store(site, "meter", List.of(midnight - 2 * HOUR, midnight + (now - midnight) / 2, now - 1),
                List.of(500.0, 503.5, 507.0));
        store(site, "meter2", List.of(midnight - 2 * HOUR), List.of(10.0));

        var day = site.post("electric-power/current-day", Map.of("assetIds", site.assetId(),
                "pointIds", "meter,meter2"));

        assertThat(day.code()).as(day.toString()).isZero();
        JsonNode item = day.data().path("items").get(0);
        assertThat(day.data().path("items")).hasSize(1);
        assertThat(item.path("timestamp").asLong()).isEqualTo(midnight);
        assertThat(item.path("localtime").asString())
                .isEqualTo(today.format(DateTimeFormatter.ISO_LOCAL_DATE) + " 00:00:00");
        assertThat(item.path("sum(meter)").asDouble()).isEqualTo(7.0);
    }

    private TsdbSite site() {
        return TsdbSite.create(newTenant(), "site-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private void store(TsdbSite site, String point, List<Long> times, List<?> values) throws Exception {
        var batch = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < times.size(); i++) {
            batch.add(new MeasurePointValue(site.tenant().orgId(), "m", site.assetId(), point, times.get(i),
                    values.get(i), null));
        }
        ingest.ingest(batch).get();
        assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();
    }

    private static Map<String, Long> durations(JsonNode item) {
        var map = new java.util.LinkedHashMap<String, Long>();
        item.path("durations").forEach(d -> map.put(d.path("status").asString(), d.path("duration").asLong()));
        return map;
    }
}
