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
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

/** Old partitions converted to Parquet by the maintenance pass stay readable, writable and correct. */
class ParquetCompactionTest {
    static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000, DAY = 86_400_000;
    static final SeriesKey A1 = new SeriesKey("o1", "a1", "p1");
    static final StoreOptions OPTIONS = new StoreOptions(true, Duration.ZERO, Duration.ofMinutes(2),
            Duration.ofDays(90), Duration.ofDays(366), Duration.ZERO, Duration.ZERO, Duration.ofDays(1), 3, Duration.ZERO);
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 3 * DAY + 12 * HOUR), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void partitionsOlderThanTheSettingBecomeParquetAndQueriesAndLateWritesStayCorrect() {
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            var values = new ArrayList<MeasurePointValue>();
            for (long t = T0; t < T0 + 3 * DAY + 6 * HOUR; t += 60_000) {
                for (String asset : List.of("a1", "a2")) {
                    values.add(new MeasurePointValue("o1", "m1", asset, "p1", t, (double) ((t / 60_000) % 100), null));
                    values.add(new MeasurePointValue("o1", "m1", asset, "s", t, "state-" + (t / 60_000) % 3, null));
                }
            }
            store.append(values, AppendMode.NEW);
            var rawBefore = store.range(A1, T0, T0 + 4 * DAY, 100_000, false);
            var aggregateBefore = aggregateOverRaw(store);

            store.runMaintenance(true);

            // Cutoff = now - 1 day = day 2, 12:00: days 0 and 1 end before it, day 2 does not, day 3 is active.
            assertThat(store.partitions(QuestDbTimeSeriesStore.TABLE).stream()
                    .filter(ParquetCompaction.Partition::parquet).map(ParquetCompaction.Partition::name).toList()).containsExactly("2024-05-01", "2024-05-02");
            assertThat(store.range(A1, T0, T0 + 4 * DAY, 100_000, false)).isEqualTo(rawBefore);
            assertThat(aggregateOverRaw(store)).isEqualTo(aggregateBefore);
            assertThat(store.range(new SeriesKey("o1", "a2", "s"), T0 + HOUR, T0 + HOUR + 1, 10, false))
                    .extracting(MeasurePointValue::value).containsExactly("state-" + ((T0 + HOUR) / 60_000) % 3);

            store.append(List.of(new MeasurePointValue("o1", "m1", "a1", "p1", T0 + HOUR + 30_000, 500.0, null)),
                    AppendMode.MAY_REPEAT);
            assertThat(store.range(A1, T0 + HOUR, T0 + HOUR + 60_000, 10, false))
                    .extracting(MeasurePointValue::value).containsExactly(((T0 + HOUR) / 60_000) % 100 * 1.0, 500.0);
            store.runMaintenance(true); // a second pass finds nothing new to convert
        }
        try (var store = QuestDbTimeSeriesStore.open(dir, OPTIONS, CLOCK)) {
            assertThat(store.range(A1, T0, T0 + 4 * DAY, 100_000, false)).hasSize((int) (3 * 24 * 60 + 6 * 60 + 1));
            assertThat(store.aggregate("o1", List.of("a1"), "p1", T0, T0 + DAY, HOUR, AggregateFunction.MAX)
                    .get("a1")).contains(new AggregateBucket(T0 + HOUR, 500.0));
        }
    }

    /** From 30 s past the hour no rollup level fits, so this reads raw values only. */
    private static List<AggregateBucket> aggregateOverRaw(QuestDbTimeSeriesStore store) {
        return store.aggregate(A1, T0 + 30_000, T0 + 3 * DAY, HOUR, AggregateFunction.AVG);
    }

}
