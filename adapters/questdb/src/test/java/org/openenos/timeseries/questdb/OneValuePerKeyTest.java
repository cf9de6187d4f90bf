package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.DefaultCairoConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesConfig;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

/** One stored value per (asset, point, time): a value stored again replaces the stored one (ADR 0069). */
class OneValuePerKeyTest {
    static final long T0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
    static final long MIN = 60_000, HOUR = 3_600_000;
    static final SeriesKey TEMP = new SeriesKey("o1", "a1", "temp");
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 2 * 86_400_000L), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aValuePostedAgainForTheSameTimeReplacesTheStoredValue() {
        try (var store = QuestDbTimeSeriesStore.open(dir)) {
            store.append(List.of(v("temp", T0, 1.0), v("temp", T0 + 1000, 2.0)), AppendMode.NEW);
            store.append(List.of(v("temp", T0, 10.0)), AppendMode.NEW);
            store.append(List.of(v("temp", T0 + 1000, 20.0), v("temp", T0 + 2000, 3.0)), AppendMode.MAY_REPEAT);

            assertThat(store.range(TEMP, T0, T0 + 10_000, 100, false)).extracting(MeasurePointValue::value)
                    .containsExactly(10.0, 20.0, 3.0);
            assertThat(store.range(TEMP, T0, T0 + 10_000, 100, true)).extracting(MeasurePointValue::value)
                    .containsExactly(3.0, 20.0, 10.0);
            assertThat(store.range(TEMP, T0, T0 + 10_000, 2, false)).extracting(MeasurePointValue::value)
                    .as("a page holds distinct times").containsExactly(10.0, 20.0);
            var latest = new ArrayList<MeasurePointValue>();
            store.forEachLatest(latest::add);
            assertThat(latest).singleElement().extracting(MeasurePointValue::value).isEqualTo(3.0);
        }
    }

    @Test
    void repeatsWithinOneBatchLeaveTheValueThatCameLast() {
        try (var store = QuestDbTimeSeriesStore.open(dir)) {
            store.append(List.of(v("temp", T0, 1.0), v("temp", T0 + 1000, 5.0), v("temp", T0, 2.0),
                    v("temp", T0 + 1000, 6.0), v("temp", T0, 3.0)), AppendMode.NEW);
            assertThat(store.range(TEMP, T0, T0 + 10_000, 100, false)).extracting(MeasurePointValue::value)
                    .containsExactly(3.0, 6.0);
        }
    }

    @Test
    void aValueOfAnotherTypeReplacesTheStoredOneWithoutLeavingItsText() {
        try (var store = QuestDbTimeSeriesStore.open(dir)) {
            store.append(List.of(v("temp", T0, "offline")), AppendMode.NEW);
            store.append(List.of(v("temp", T0, 4.5)), AppendMode.NEW);
            assertThat(store.range(TEMP, T0, T0 + 1, 10, false)).extracting(MeasurePointValue::value)
                    .containsExactly(4.5);
        }
    }

    @Test
    void aggregatesAndRollupsCountAReplacedValueOnceWithItsNewValue() {
        try (var store = QuestDbTimeSeriesStore.open(dir, StoreOptions.DEFAULTS.manual(), CLOCK)) {
            var values = new ArrayList<MeasurePointValue>();
            for (long t = T0; t < T0 + 2 * HOUR; t += 10_000) {
                values.add(v("temp", t, 1.0));
            }
            store.append(values, AppendMode.NEW);
            store.runMaintenance(false); // both hours rolled up
            // A re-emitted value (a stream job's late window, an edge re-send) for an hour already rolled up.
            store.append(List.of(v("temp", T0 + 30 * MIN, 61.0), v("temp", T0 + 30 * MIN, 121.0)), AppendMode.NEW);

            assertThat(store.aggregate(TEMP, T0, T0 + 2 * HOUR, HOUR, AggregateFunction.SUM))
                    .as("before the rollups are recomputed, the dirty hour is read raw")
                    .containsExactly(new AggregateBucket(T0, 360 + 120.0), new AggregateBucket(T0 + HOUR, 360.0));
            store.runMaintenance(false);
            for (long window : List.of(HOUR, 10 * MIN, MIN)) {
                var sums = store.aggregate(TEMP, T0, T0 + 2 * HOUR, window, AggregateFunction.SUM);
                assertThat(sums.stream().mapToDouble(AggregateBucket::value).sum()).isEqualTo(720 + 120.0);
                var counts = store.aggregate(TEMP, T0, T0 + 2 * HOUR, window, AggregateFunction.COUNT);
                assertThat(counts.stream().mapToDouble(AggregateBucket::value).sum()).isEqualTo(720.0);
            }
            assertThat(store.aggregate(TEMP, T0, T0 + 2 * HOUR, HOUR, AggregateFunction.MAX))
                    .containsExactly(new AggregateBucket(T0, 121.0), new AggregateBucket(T0 + HOUR, 1.0));
        }
    }

    @Test
    void aStoreWrittenBeforeDeduplicationOpensWithItsRepeatsCollapsedToTheValueWrittenLast() throws Exception {
        Path questdb = dir.resolve("store");
        Files.createDirectories(questdb);
        try (var engine = new CairoEngine(new DefaultCairoConfiguration(questdb.toString()))) {
            var ctx = QuestDbReader.context(engine);
            engine.execute("""
                    CREATE TABLE point_values (ts TIMESTAMP, org SYMBOL CAPACITY 256 CACHE,
                      asset SYMBOL CAPACITY 65536 CACHE INDEX CAPACITY 4096, point SYMBOL CAPACITY 4096 CACHE,
                      kind BYTE, num DOUBLE, txt STRING, quality INT) TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL""",
                    ctx);
            try (var writer = engine.getWriter(engine.verifyTableName("point_values"), "test")) {
                for (int copy = 1; copy <= 3; copy++) { // the same two days posted three times, as before
                    for (long t : List.of(T0, T0 + 10_000, T0 + 86_400_000L)) {
                        var row = writer.newRow(t * 1000);
                        row.putSym(1, "o1");
                        row.putSym(2, "a1");
                        row.putSym(3, "temp");
                        row.putByte(4, ValueColumns.DOUBLE);
                        row.putDouble(5, copy);
                        row.putInt(7, Integer.MIN_VALUE);
                        row.append();
                    }
                    writer.commit();
                }
            }
        }
        try (var store = QuestDbTimeSeriesStore.open(questdb, StoreOptions.DEFAULTS.manual(), CLOCK)) {
            assertThat(store.range(TEMP, T0, T0 + 2 * 86_400_000L, 100, false))
                    .extracting(MeasurePointValue::time, MeasurePointValue::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 3.0),
                            org.assertj.core.groups.Tuple.tuple(T0 + 10_000, 3.0),
                            org.assertj.core.groups.Tuple.tuple(T0 + 86_400_000L, 3.0));
            store.append(List.of(v("temp", T0, 7.0)), AppendMode.NEW);
            assertThat(store.range(TEMP, T0, T0 + 1, 10, false)).extracting(MeasurePointValue::value)
                    .containsExactly(7.0);
        }
        try (var store = QuestDbTimeSeriesStore.open(questdb, StoreOptions.DEFAULTS.manual(), CLOCK)) {
            assertThat(store.range(TEMP, T0, T0 + 2 * 86_400_000L, 100, false)).as("reopened, nothing copied twice")
                    .extracting(MeasurePointValue::value).containsExactly(7.0, 3.0, 3.0);
        }
    }

    @Test
    void aReplayOfTheWholeLogAfterACrashStoresNoValueTwice() throws Exception {
        var series = List.of(new SeriesKey("o1", "a1", "temp"), new SeriesKey("o1", "a2", "temp"));
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < 500; i++) {
            for (SeriesKey s : series) {
                values.add(new MeasurePointValue("o1", "m1", s.assetId(), "temp", T0 + i * 1000L, (double) i, null));
            }
        }
        try (var module = EmbeddedTimeSeries.start(dir, TimeSeriesConfig.DEFAULTS, AssetTimezones.UTC,
                PointSignalTypes.UNKNOWN)) {
            module.ingest().ingest(values.subList(0, 600)).join();
            module.ingest().ingest(values.subList(600, 1000)).join();
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
        }
        // A crash after the store's commit and before the log's offsets were committed: the log is read again from
        // its beginning, and every value in it is already stored.
        try (Stream<Path> files = Files.list(dir.resolve("pipeline"))) {
            for (Path offsets : files.filter(f -> f.getFileName().toString().startsWith("offsets-")).toList()) {
                Files.delete(offsets);
            }
        }
        try (var module = EmbeddedTimeSeries.start(dir, TimeSeriesConfig.DEFAULTS, AssetTimezones.UTC,
                PointSignalTypes.UNKNOWN)) {
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            for (SeriesKey s : series) {
                var stored = module.store().range(s, T0, T0 + 1_000_000, 10_000, false);
                assertThat(stored).hasSize(500).extracting(MeasurePointValue::time).doesNotHaveDuplicates();
                assertThat(module.store().aggregate(s, T0, T0 + 500_000, 500_000, AggregateFunction.SUM))
                        .containsExactly(new AggregateBucket(T0, 499 * 500 / 2.0));
            }
        }
    }

    private static MeasurePointValue v(String point, long time, Object value) {
        return new MeasurePointValue("o1", "m1", "a1", point, time, value, null);
    }
}
