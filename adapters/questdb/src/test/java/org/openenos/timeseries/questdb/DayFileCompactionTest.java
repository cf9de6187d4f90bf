package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

/**
 * Old raw days compacted by the maintenance pass into day files (ADR 0134, 0136) give the same answers on every read
 * path as before, take repeats and late values, survive a crash half way and go with retention.
 */
class DayFileCompactionTest {
    static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000, DAY = 86_400_000;
    static final SeriesKey A1 = new SeriesKey("o1", "a1", "p1");
    static final LocalDate DAY0 = LocalDate.of(2024, 5, 1), DAY1 = LocalDate.of(2024, 5, 2);
    static final StoreOptions OPTIONS = new StoreOptions(true, Duration.ZERO, Duration.ofMinutes(2),
            Duration.ofDays(90), Duration.ofDays(366), Duration.ZERO, Duration.ZERO, Duration.ofDays(1), 3, Duration.ZERO);
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 3 * DAY + 12 * HOUR), ZoneOffset.UTC);
    static final int VALUES_PER_SERIES = 3 * 24 * 60 + 6 * 60;

    @TempDir
    Path dir;

    @Test
    void compactedDaysAnswerEveryReadAsBeforeAndLeaveTheTable() {
        Answers before;
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            store.append(values(), AppendMode.NEW);
            before = answers(store);

            store.runMaintenance(true);

            // Cutoff = now - 1 day = day 2, 12:00: days 0 and 1 end before it, day 2 does not, day 3 is active.
            assertThat(store.dayFiles().newestFirst()).containsExactly(DAY1, DAY0);
            assertThat(store.partitions(QuestDbTimeSeriesStore.TABLE)).extracting(ParquetCompaction.Partition::name)
                    .containsExactly("2024-05-03", "2024-05-04");
            assertSameAnswers(answers(store), before);
            var stats = store.maintenanceStats();
            assertThat(stats.compactedDays()).isEqualTo(2);
            assertThat(stats.compactedSinceStart()).isEqualTo(2);
            assertThat(stats.dayFileBytes()).isPositive();
            assertThat(stats.lastCompactionNanos()).isPositive();

            store.runMaintenance(true); // a second pass finds nothing new to compact
            assertThat(store.maintenanceStats().compactedSinceStart()).isEqualTo(2);
        }
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            store.runMaintenance(false);
            assertThat(store.dayFiles().newestFirst()).containsExactly(DAY1, DAY0);
            assertSameAnswers(answers(store), before);
        }
    }

    @Test
    void aRepeatAndALateValueInACompactedDayReplaceItsValuesBeforeAndAfterTheNextPass() {
        long repeat = T0 + HOUR, late = T0 + HOUR + 30_000;
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            store.append(values(), AppendMode.NEW);
            store.runMaintenance(true);

            store.append(List.of(value("o1", "a1", "p1", repeat, 500.0), value("o1", "a1", "p1", late, 600.0),
                    value("o1", "a1", "p1", late, 601.0)), AppendMode.MAY_REPEAT);
            assertReplaced(store, repeat);
            store.runMaintenance(true); // recomputes the rollups, then compacts day 0 again with the values merged in
            assertThat(store.partitions(QuestDbTimeSeriesStore.TABLE)).extracting(ParquetCompaction.Partition::name)
                    .doesNotContain("2024-05-01");
            assertReplaced(store, repeat);
        }
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            assertReplaced(store, repeat);
        }
    }

    private static void assertReplaced(QuestDbTimeSeriesStore store, long repeat) {
        assertThat(store.range(A1, T0 + HOUR, T0 + HOUR + 60_000, 10, false)).extracting(MeasurePointValue::value)
                .containsExactly(500.0, 601.0);
        assertThat(store.range(A1, T0, T0 + 4 * DAY, 100_000, false)).hasSize(VALUES_PER_SERIES + 1);
        var raw = store.aggregate(A1, T0 + 30_000, T0 + 3 * DAY, HOUR, AggregateFunction.COUNT);
        assertThat(raw.getFirst().value()).isEqualTo(60.0); // 30 s past the hour: 59 values + the late one
        for (long width : List.of(60_000L, 600_000L, HOUR, DAY)) { // each rollup level
            assertThat(rollups(store, T0, T0 + DAY, width, AggregateFunction.COUNT).stream()
                    .mapToDouble(AggregateBucket::value).sum()).as("count by " + width).isEqualTo(24 * 60 + 1);
        }
        assertThat(rollups(store, T0, T0 + DAY, HOUR, AggregateFunction.MAX))
                .contains(new AggregateBucket(T0 + HOUR, 601.0));
        assertThat(rollups(store, T0, T0 + DAY, HOUR, AggregateFunction.COUNT))
                .contains(new AggregateBucket(T0 + HOUR, 61.0));
        var other = store.range(new SeriesKey("o2", "a1", "p1"), repeat, repeat + 1, 10, false);
        assertThat(other).extracting(MeasurePointValue::value).containsExactly(valueAt("o2", repeat));
        assertThat(latest(store).get("o1/a1/p1").time()).isEqualTo(T0 + 3 * DAY + 6 * HOUR - 60_000);
    }

    @Test
    void aCrashBetweenWritingTheDayFileAndDroppingThePartitionLeavesExactAnswers() throws IOException {
        Answers before;
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            store.append(values(), AppendMode.NEW);
            before = answers(store);
            store.writeDayFileOnly(DAY0); // the process dies before the partition is dropped
            Files.writeString(dir.resolve("day-files").resolve(DAY1 + ".parquet.tmp"), "half written");
        }
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            assertThat(store.dayFiles().newestFirst()).containsExactly(DAY0);
            assertThat(dir.resolve("day-files").resolve(DAY1 + ".parquet.tmp")).doesNotExist();
            assertSameAnswers(answers(store), before);
            store.append(List.of(value("o1", "a1", "p1", T0 + HOUR, 500.0)), AppendMode.MAY_REPEAT);
            assertThat(store.range(A1, T0 + HOUR, T0 + HOUR + 1, 10, false)).extracting(MeasurePointValue::value)
                    .containsExactly(500.0);

            store.runMaintenance(true);
            assertThat(store.dayFiles().newestFirst()).containsExactly(DAY1, DAY0);
            assertThat(store.range(A1, T0 + HOUR, T0 + HOUR + 1, 10, false)).extracting(MeasurePointValue::value)
                    .containsExactly(500.0);
            assertThat(store.range(A1, T0, T0 + 4 * DAY, 100_000, false)).hasSize(VALUES_PER_SERIES);
        }
    }

    @Test
    void valuesPostedIntoADayWhileItIsCompactedAreNeverLost() throws Exception {
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            store.append(values(), AppendMode.NEW);
            var posted = new java.util.concurrent.ConcurrentLinkedQueue<Long>();
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            var poster = Thread.ofPlatform().start(() -> {
                for (long t = T0 + 1; !stop.get(); t += 60_000) { // between the minutes of day 0, then of day 1
                    store.append(List.of(value("o1", "a1", "p1", t, -1.0)), AppendMode.NEW);
                    posted.add(t);
                }
            });
            try {
                store.runMaintenance(true);
            } finally {
                stop.set(true);
                poster.join();
            }
            assertThat(posted).isNotEmpty();
            var stored = store.range(A1, T0, T0 + 4 * DAY, 100_000, false);
            assertThat(stored).hasSize(VALUES_PER_SERIES + posted.size());
            assertThat(stored.stream().filter(v -> v.value().equals(-1.0)).map(MeasurePointValue::time))
                    .containsExactlyElementsOf(posted);

            store.runMaintenance(true); // without new values every due day is compacted
            assertThat(store.dayFiles().newestFirst()).containsExactly(DAY1, DAY0);
            assertThat(store.range(A1, T0, T0 + 4 * DAY, 100_000, false)).isEqualTo(stored);
        }
    }

    @Test
    void retentionDeletesDayFilesAsItDropsPartitions() {
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            store.append(values(), AppendMode.NEW);
            store.runMaintenance(true);

            store.deleteBefore(T0 + DAY);

            assertThat(store.dayFiles().newestFirst()).containsExactly(DAY1);
            assertThat(dir.resolve("day-files").resolve(DAY0 + ".parquet")).doesNotExist();
            var left = store.range(A1, T0, T0 + 4 * DAY, 100_000, false);
            assertThat(left.getFirst().time()).isEqualTo(T0 + DAY);
            assertThat(left).hasSize(VALUES_PER_SERIES - 24 * 60);
        }
    }

    /** Minute values over 3¼ days: a numeric and a text point of two assets, and an asset of the same id in o2. */
    private static List<MeasurePointValue> values() {
        var values = new ArrayList<MeasurePointValue>();
        for (long t = T0; t < T0 + 3 * DAY + 6 * HOUR; t += 60_000) {
            for (String asset : List.of("a1", "a2")) {
                values.add(value("o1", asset, "p1", t, valueAt(asset, t)));
                values.add(value("o1", asset, "s", t, "state-" + (t / 60_000) % 3));
            }
            values.add(value("o2", "a1", "p1", t, valueAt("o2", t)));
        }
        return values;
    }

    private static double valueAt(String asset, long t) {
        return (t / 60_000) % 100 + (asset.equals("o2") ? 0.5 : asset.equals("a2") ? 0.25 : 0);
    }

    private static MeasurePointValue value(String org, String asset, String point, long t, Object v) {
        return new MeasurePointValue(org, "m1", asset, point, t, v, null);
    }

    /** What every read path answers. */
    private record Answers(Map<String, List<MeasurePointValue>> ranges,
                           Map<String, List<AggregateBucket>> aggregates,
                           Map<String, MeasurePointValue> latest) {
    }

    private static Answers answers(QuestDbTimeSeriesStore store) {
        var ranges = new HashMap<String, List<MeasurePointValue>>();
        for (var key : List.of(A1, new SeriesKey("o1", "a2", "s"), new SeriesKey("o2", "a1", "p1"))) {
            ranges.put(key + " all", store.range(key, T0, T0 + 4 * DAY, 100_000, false));
            ranges.put(key + " desc 5", store.range(key, T0, T0 + DAY + HOUR, 5, true));
            ranges.put(key + " asc 5 across days", store.range(key, T0 + DAY - 2 * 60_000, T0 + 4 * DAY, 5, false));
            ranges.put(key + " desc 3 across days", store.range(key, T0, T0 + 2 * DAY + 60_000, 3, true));
        }
        var aggregates = new HashMap<String, List<AggregateBucket>>();
        for (AggregateFunction fn : AggregateFunction.values()) {
            // from 30 s past the hour no rollup level fits: raw values; from the hour: rollups
            aggregates.put("raw " + fn, store.aggregate(A1, T0 + 30_000, T0 + 3 * DAY, HOUR, fn));
            aggregates.put("rollup " + fn, rollups(store, T0, T0 + 3 * DAY, HOUR, fn));
            aggregates.put("rollup 10m " + fn, rollups(store, T0 + DAY - HOUR, T0 + DAY + HOUR, 600_000, fn));
            store.aggregate("o1", List.of("a1", "a2", "a9"), "p1", T0 + 30_000, T0 + 2 * DAY + HOUR, 7 * HOUR, fn)
                    .forEach((asset, buckets) -> aggregates.put("assets " + asset + " " + fn, buckets));
            aggregates.put("o2 " + fn, store.aggregate(new SeriesKey("o2", "a1", "p1"), T0 + 1, T0 + 3 * DAY,
                    DAY, fn));
        }
        var all = store.aggregateAll("o1", List.of("a1"), "p1", T0, T0 + 3 * DAY, DAY,
                EnumSet.allOf(AggregateFunction.class));
        all.forEach((fn, byAsset) -> aggregates.put("all " + fn, byAsset.get("a1")));
        return new Answers(ranges, aggregates, latest(store));
    }

    /** The aggregate of o1/a1/p1 as the API asks for several assets: from rollups where they cover the range. */
    private static List<AggregateBucket> rollups(QuestDbTimeSeriesStore store, long from, long to, long width,
                                                 AggregateFunction fn) {
        return store.aggregate("o1", List.of("a1"), "p1", from, to, width, fn).get("a1");
    }

    private static Map<String, MeasurePointValue> latest(QuestDbTimeSeriesStore store) {
        var latest = new HashMap<String, MeasurePointValue>();
        store.forEachLatest(v -> latest.put(v.orgId() + "/" + v.assetId() + "/" + v.pointId(), v));
        return latest;
    }

    private static void assertSameAnswers(Answers after, Answers before) {
        assertThat(after.ranges()).isEqualTo(before.ranges());
        assertThat(after.latest()).isEqualTo(before.latest());
        assertThat(after.aggregates().keySet()).isEqualTo(before.aggregates().keySet());
        assertThat(before.aggregates().get("raw AVG")).hasSize(72);
        before.aggregates().forEach((what, expected) -> {
            var actual = after.aggregates().get(what);
            assertThat(actual).as(what).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).windowStart()).as(what).isEqualTo(expected.get(i).windowStart());
                // sums may be added in another order: equal to the last bits
                assertThat(actual.get(i).value()).as(what).isCloseTo(expected.get(i).value(), within(1e-9));
            }
        });
    }
}
