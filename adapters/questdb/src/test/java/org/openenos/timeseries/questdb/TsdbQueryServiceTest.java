package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.SignalType;
import org.openenos.timeseries.LatestValueCache;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;
import org.openenos.timeseries.TsdbAggregateQuery;
import org.openenos.timeseries.TsdbLatestQuery;
import org.openenos.timeseries.TsdbQuery;
import org.openenos.timeseries.TsdbQueryService;

class TsdbQueryServiceTest {
    /** 2024-03-31T00:00Z = 01:00 in Berlin, one hour before clocks jump from 02:00 to 03:00. */
    static final long DAY = Instant.parse("2024-03-31T00:00:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;
    QuestDbTimeSeriesStore store;
    LatestValueCache latest;
    TsdbQueryService service;

    @BeforeEach
    void setUp() {
        store = QuestDbTimeSeriesStore.open(dir.resolve("db"));
        latest = new LatestValueCache(dir.resolve("tombstones"));
        var values = new ArrayList<MeasurePointValue>();
        for (int i = -2; i <= 6; i++) {
            long t = DAY + i * 30 * MIN;
            values.add(new MeasurePointValue("o1", "m", "berlin", "temp", t, 20.0 + i, 192));
            values.add(new MeasurePointValue("o1", "m", "berlin", "hum", t, 50.0 + i, null));
            values.add(new MeasurePointValue("o1", "m", "utc", "temp", t, (double) i, null));
        }
        values.add(new MeasurePointValue("o1", "m", "utc", "state", DAY, true, null));
        values.add(new MeasurePointValue("o1", "m", "utc", "label", DAY, "running", null));
        store.append(values, AppendMode.NEW);
        latest.rebuildFrom(store);
        Map<String, SignalType> signals = Map.of("temp", SignalType.AI, "hum", SignalType.AI, "state", SignalType.DI,
                "label", SignalType.Generic);
        service = new TsdbQueryService(store, latest,
                (org, asset) -> asset.equals("berlin") ? BERLIN : ZoneOffset.UTC,
                (org, asset, point) -> Optional.ofNullable(signals.get(point)),
                Clock.fixed(Instant.ofEpochMilli(DAY + 4 * 30 * MIN), ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static TsdbQuery query(String assets, String points, String start, String end, int itemFormat) {
        return new TsdbQuery("o1", null, TsdbQuery.ids(assets), TsdbQuery.ids(points), start, end, null, null,
                false, false, 0, itemFormat);
    }

    @Test
    void localTimesAreReadInTheAssetTimezoneAcrossTheSpringForwardGap() {
        var result = service.raw(query("berlin", "temp", "2024-03-31 01:00:00", "2024-03-31 03:30:00", 0));
        assertThat(result.items()).extracting(i -> i.get("timestamp"))
                .containsExactly(DAY, DAY + 30 * MIN, DAY + 60 * MIN, DAY + 90 * MIN);
        assertThat(result.items()).extracting(i -> i.get("localtime")).containsExactly("2024-03-31 01:00:00",
                "2024-03-31 01:30:00", "2024-03-31 03:00:00", "2024-03-31 03:30:00");
        assertThat(result.items().getFirst()).containsEntry("assetId", "berlin").containsEntry("temp", 20.0);
    }

    @Test
    void utcTimesWithOffsetSelectTheSameInstantsForEveryAsset() {
        var q = new TsdbQuery("o1", null, List.of("berlin", "utc"), List.of("temp"), "2024-03-31T01:30:00+01:00",
                "2024-03-31T01:00:00Z", null, null, true, true, 1, 0);
        var items = service.raw(q).items();
        assertThat(items).hasSize(4);
        assertThat(items.get(0)).containsEntry("localtime", "2024-03-31 01:30:00.000+01:00")
                .containsEntry("temp_quality", 192);
        assertThat(items.get(1)).containsEntry("localtime", "2024-03-31 03:00:00.000+02:00");
        assertThat(items.get(3)).containsEntry("assetId", "utc").containsEntry("localtime", "2024-03-31 01:00:00.000+00:00");
    }

    @Test
    void itemFormatOneMergesPointsOfATimestampAndTwoGivesArraysPerSeries() {
        var merged = service.raw(query("berlin", "temp,hum", "2024-03-31T00:00:00Z", "2024-03-31T00:30:00Z", 1));
        assertThat(merged.items()).hasSize(2);
        assertThat(merged.items().getFirst()).containsEntry("temp", 20.0).containsEntry("hum", 50.0)
                .containsEntry("timestamp", DAY);

        var arrays = service.raw(query("berlin", "temp", "2024-03-31T00:00:00Z", "2024-03-31T00:30:00Z", 2));
        assertThat(arrays.items()).singleElement().satisfies(item -> {
            assertThat(item).containsEntry("pointId", "temp").containsEntry("value", List.of(20.0, 21.0))
                    .containsEntry("timestamp", List.of(DAY, DAY + 30 * MIN))
                    .containsEntry("localTime", List.of("2024-03-31 01:00:00", "2024-03-31 01:30:00"));
        });
    }

    @Test
    void pageSizeAndOrderApplyPerSeries() {
        var q = new TsdbQuery("o1", null, List.of("utc"), List.of("temp"), "2024-03-30T00:00:00Z",
                "2024-04-01T00:00:00Z", 2, "timestamp desc", false, false, 0, 0);
        assertThat(service.raw(q).items()).extracting(i -> i.get("temp")).containsExactly(6.0, 5.0);
    }

    @Test
    void emptyRangesGiveNoItems() {
        assertThat(service.raw(query("utc", "temp", "2020-01-01 00:00:00", "2020-01-02 00:00:00", 0)).items()).isEmpty();
        assertThat(service.raw(query("utc", "temp", "2020-01-01 00:00:00", "2020-01-02 00:00:00", 2)).items())
                .singleElement().satisfies(i -> assertThat(i).containsEntry("value", List.of()));
    }

    @Test
    void typedQueriesReadOnlyTheirKindOfPoint() {
        String start = "2024-03-30T00:00:00Z", end = "2024-04-01T00:00:00Z";
        assertThat(service.di(query("utc", "state", start, end, 0)).items()).singleElement()
                .satisfies(i -> assertThat(i).containsEntry("state", true));
        assertThat(service.generic(query("utc", "label", start, end, 0)).items()).singleElement()
                .satisfies(i -> assertThat(i).containsEntry("label", "running"));
        assertThat(service.ai(query("utc", "temp", start, end, 0)).items()).hasSize(9);
        assertBadArgument(() -> service.ai(query("utc", "state", start, end, 0)), "is DI, not AI");
    }

    @Test
    void aggregatesOverIntervalWindowsFromTheStartTime() {
        var q = new TsdbAggregateQuery("o1", List.of("utc"), "avg(temp),count(temp)", 60,
                "2024-03-31T00:00:00Z", "2024-03-31T03:00:00Z", null, false, 0, 2);
        var items = service.aiNormalized(q).items();
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).containsEntry("pointId", "avg(temp)").containsEntry("value", List.of(0.5, 2.5, 4.5))
                .containsEntry("timestamp", List.of(DAY, DAY + 60 * MIN, DAY + 120 * MIN));
        assertThat(items.get(1)).containsEntry("value", List.of(2L, 2L, 2L));
    }

    @Test
    void intervalZeroGivesTheLastValueOfEachMinute() {
        store.append(List.of(new MeasurePointValue("o1", "m", "utc", "temp", DAY + 10_000, 99.0, null)),
                AppendMode.NEW);
        var q = new TsdbAggregateQuery("o1", List.of("utc"), "avg(temp)", 0, "2024-03-31T00:00:00Z",
                "2024-03-31T00:31:00Z", null, false, 0, 0);
        assertThat(service.aiNormalized(q).items()).extracting(i -> i.get("temp")).containsExactly(99.0, 1.0);
    }

    @Test
    void latestValuesCanBeReadFilteredByTimeWindowAndDeleted() {
        var q = new TsdbLatestQuery("o1", List.of("berlin", "utc"), List.of("temp", "label"), null, true);
        var items = service.latest(q).items();
        assertThat(items).extracting(i -> i.get("assetId") + "/" + i.get("pointId") + "=" + i.get("value"))
                .containsExactly("berlin/temp=26.0", "utc/temp=6.0", "utc/label=running");
        assertThat(items.getFirst()).containsEntry("localtime", "2024-03-31 05:00:00").containsEntry("quality", 192);

        var recent = new TsdbLatestQuery("o1", List.of("utc"), List.of("temp", "label"), 60, false);
        assertThat(service.latest(recent).items()).extracting(i -> i.get("pointId")).containsExactly("temp");

        assertThat(service.deleteLatest(new TsdbLatestQuery("o1", List.of("utc"), List.of("temp"), null, false)))
                .isEqualTo(1);
        var reloaded = new LatestValueCache(dir.resolve("tombstones"));
        reloaded.rebuildFrom(store);
        assertThat(reloaded.get(new org.openenos.timeseries.SeriesKey("o1", "utc", "temp"))).isEmpty();
        assertThat(reloaded.get(new org.openenos.timeseries.SeriesKey("o1", "berlin", "temp"))).isPresent();
    }

    @Test
    void argumentsOutsideTheLimitsAreRejectedWith80400() {
        String start = "2024-03-30T00:00:00Z", end = "2024-04-01T00:00:00Z";
        var manyAssets = String.join(",", Collections.nCopies(1, "x")) + ","
                + String.join(",", java.util.stream.IntStream.range(0, 700).mapToObj(i -> "a" + i).toList());
        assertBadArgument(() -> service.raw(query(manyAssets, "temp", start, end, 0)), "pageSize");
        var tooMany = String.join(",", java.util.stream.IntStream.range(0, 3001).mapToObj(i -> "a" + i).toList());
        assertBadArgument(() -> service.raw(query(tooMany, "temp", start, end, 0)), "at most 3000");
        assertBadArgument(() -> service.raw(query("utc", "temp", "yesterday", end, 0)), "startTime");
        assertBadArgument(() -> service.raw(query("utc", "temp", "2024-03-31T00:00:00", end, 0)), "startTime");
        assertBadArgument(() -> service.raw(query("utc", "temp", end, start, 0)), "before startTime");
        assertBadArgument(() -> service.raw(query("utc", "temp", "2024-03-31 00:00:00", end, 0)), "both");
        assertBadArgument(() -> service.raw(query("utc", "temp", start, end, 3)), "itemFormat");
        assertBadArgument(() -> service.raw(query("", "temp", start, end, 0)), "assetIds");
        assertBadArgument(() -> service.aiNormalized(new TsdbAggregateQuery("o1", List.of("utc"), "avg(temp)", 1441,
                start, end, null, false, 0, 0)), "interval");
        assertBadArgument(() -> service.aiNormalized(new TsdbAggregateQuery("o1", List.of("utc"), "median(temp)", 5,
                start, end, null, false, 0, 0)), "unknown function");
        assertBadArgument(() -> service.aiNormalized(new TsdbAggregateQuery("o1", List.of("utc"), "temp", 5,
                start, end, null, false, 0, 0)), "function(pointId)");
    }

    @Test
    void anotherOrganizationSeesNoValues() {
        var q = new TsdbQuery("o2", null, List.of("utc"), List.of("temp"), "2024-03-30T00:00:00Z",
                "2024-04-01T00:00:00Z", null, null, false, false, 0, 0);
        assertThat(service.raw(q).items()).isEmpty();
        assertThat(service.latest(new TsdbLatestQuery("o2", List.of("utc"), List.of("temp"), null, false)).items())
                .isEmpty();
    }

    private static void assertBadArgument(Runnable call, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOf(OpenEnosException.class)
                .satisfies(e -> assertThat(((OpenEnosException) e).code()).isEqualTo(ErrorCode.TSDB_BAD_ARGUMENT))
                .hasMessageContaining(messagePart);
    }
}
