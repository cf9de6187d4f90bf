package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

/**
 * Batches shaped as the storage stage hands them over under live load: each reaches behind the newest time of the
 * batch before (one log partition read further than another), which the engine merges into the day's partition by
 * splitting it (ADR 0137). The answers are the same as for values written in time order, repeats still replace, and
 * such a day compacts into its day file.
 */
class OverlappingBatchesTest {
    static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000, DAY = 86_400_000, STEP = 30_000;
    static final List<String> ASSETS = List.of("a0", "a1", "a2", "a3");
    static final StoreOptions OPTIONS = new StoreOptions(true, Duration.ZERO, Duration.ofMinutes(2),
            Duration.ofDays(90), Duration.ofDays(366), Duration.ZERO, Duration.ZERO, Duration.ofDays(1), 3, Duration.ZERO);
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 3 * DAY + 12 * HOUR), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void batchesReachingBehindTheLastCommitStoreOneValuePerKeyAndCompactIntoDayFiles() {
        long end = T0 + 3 * DAY;
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            List<MeasurePointValue> late = List.of();
            for (long from = T0; from < end; from += 500 * STEP) {
                var batch = new ArrayList<>(late);
                var nextLate = new ArrayList<MeasurePointValue>();
                for (long t = from; t < Math.min(end, from + 500 * STEP); t += STEP) {
                    for (String asset : ASSETS) {
                        // a0's values come one batch late, as a log partition read up to an older time would
                        var target = asset.equals("a0") && from + 500 * STEP < end ? nextLate : batch;
                        target.add(value(asset, "p1", t, valueAt(asset, t)));
                        target.add(value(asset, "p2", t, -valueAt(asset, t)));
                    }
                }
                store.append(batch, AppendMode.NEW);
                late = nextLate;
            }
            // a repeat of an early value, and one of a value in the newest batches, replace what is stored
            store.append(List.of(value("a0", "p1", T0 + HOUR, 1e6), value("a3", "p2", end - STEP, 2e6)),
                    AppendMode.NEW);

            assertSeries(store, end);
            var sums = sumsPerDay(store);

            store.runMaintenance(true);

            assertThat(store.dayFiles().newestFirst()).extracting(Object::toString)
                    .containsExactly("2024-05-02", "2024-05-01");
            assertSeries(store, end);
            assertThat(sumsPerDay(store)).isEqualTo(sums);
        }
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            assertSeries(store, end);
        }
    }

    private static void assertSeries(QuestDbTimeSeriesStore store, long end) {
        int steps = (int) ((end - T0) / STEP);
        for (String asset : ASSETS) {
            var p1 = store.range(new SeriesKey("o1", asset, "p1"), T0, end, 1_000_000, false);
            assertThat(p1).hasSize(steps);
            for (int i = 0; i < steps; i++) {
                long t = T0 + i * STEP;
                double expected = asset.equals("a0") && t == T0 + HOUR ? 1e6 : valueAt(asset, t);
                assertThat(p1.get(i).time()).isEqualTo(t);
                assertThat(p1.get(i).value()).isEqualTo(expected);
            }
        }
        var last = store.range(new SeriesKey("o1", "a3", "p2"), end - STEP, end, 10, false);
        assertThat(last).extracting(MeasurePointValue::value).containsExactly(2e6);
    }

    private static List<Double> sumsPerDay(QuestDbTimeSeriesStore store) {
        return store.aggregate(new SeriesKey("o1", "a1", "p2"), T0, T0 + 3 * DAY, DAY, AggregateFunction.SUM)
                .stream().map(b -> b.value()).toList();
    }

    private static double valueAt(String asset, long t) {
        return (t / STEP) % 1000 + ASSETS.indexOf(asset) * 0.25;
    }

    private static MeasurePointValue value(String asset, String point, long t, double v) {
        return new MeasurePointValue("o1", "m1", asset, point, t, v, null);
    }
}
