package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
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

/**
 * Commits are applied to the table in groups (ADR 0141): a committed batch may wait for its apply, yet every read and
 * every rollup pass sees each append that returned before it, and values stay one per key across the grouped commits.
 */
class GroupedApplyTest {
    static final long T0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000;
    static final SeriesKey TEMP = new SeriesKey("o1", "a1", "temp");
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 2 * 86_400_000L), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aReadSeesEveryAppendThatReturnedBeforeItThoughTheirApplyWaited() {
        try (var store = QuestDbTimeSeriesStore.open(dir, StoreOptions.DEFAULTS.manual(), CLOCK)) {
            store.append(List.of(v(T0, 1.0)), AppendMode.NEW);
            assertThat(store.range(TEMP, T0, T0 + HOUR, 10, false)).extracting(MeasurePointValue::value)
                    .containsExactly(1.0);
            store.append(List.of(v(T0 + 1000, 2.0)), AppendMode.NEW);
            assertThat(store.aggregate(TEMP, T0, T0 + HOUR, HOUR, AggregateFunction.SUM))
                    .containsExactly(new AggregateBucket(T0, 3.0));
            store.append(List.of(v(T0 + 2000, 3.0)), AppendMode.NEW);
            var latest = new ArrayList<MeasurePointValue>();
            store.forEachLatest(latest::add);
            assertThat(latest).singleElement().extracting(MeasurePointValue::value).isEqualTo(3.0);
        }
    }

    @Test
    void commitsAppliedTogetherKeepTheValueWrittenLastForEachKey() {
        try (var store = QuestDbTimeSeriesStore.open(dir, StoreOptions.DEFAULTS.manual(), CLOCK)) {
            // twenty commits well under the apply threshold, each one reaching behind the one before and
            // rewriting the previous commit's times with new values, as re-sent posts would
            for (int c = 0; c < 20; c++) {
                var batch = new ArrayList<MeasurePointValue>();
                for (int i = Math.max(0, c - 1) * 100; i < (c + 1) * 100; i++) {
                    batch.add(v(T0 + i * 1000L, c * 1000.0 + i));
                }
                store.append(batch, AppendMode.NEW);
            }
            var values = store.range(TEMP, T0, T0 + HOUR, 10_000, false);
            assertThat(values).hasSize(2000);
            for (int i = 0; i < 2000; i++) {
                int lastCommit = Math.min(19, i / 100 + 1);
                assertThat(values.get(i).time()).isEqualTo(T0 + i * 1000L);
                assertThat(values.get(i).value()).as("value at %d", i).isEqualTo(lastCommit * 1000.0 + i);
            }
        }
    }

    @Test
    void aRollupPassCountsValuesCommittedBeforeItThatNoReadHadApplied() {
        try (var store = QuestDbTimeSeriesStore.open(dir, StoreOptions.DEFAULTS.manual(), CLOCK)) {
            var values = new ArrayList<MeasurePointValue>();
            for (long t = T0; t < T0 + 2 * HOUR; t += 10_000) {
                values.add(v(t, 1.0));
            }
            store.append(values, AppendMode.NEW);
            store.runMaintenance(false);
            assertThat(store.aggregate(TEMP, T0, T0 + 2 * HOUR, HOUR, AggregateFunction.COUNT))
                    .containsExactly(new AggregateBucket(T0, 360.0), new AggregateBucket(T0 + HOUR, 360.0));
        }
    }

    @Test
    void committedValuesSurviveAReopenWhenTheirApplyHadNotRunYet() {
        try (var store = QuestDbTimeSeriesStore.open(dir, StoreOptions.DEFAULTS.manual(), CLOCK)) {
            store.append(List.of(v(T0, 1.0), v(T0 + 1000, 2.0)), AppendMode.NEW);
        }
        try (var store = QuestDbTimeSeriesStore.open(dir, StoreOptions.DEFAULTS.manual(), CLOCK)) {
            assertThat(store.range(TEMP, T0, T0 + HOUR, 10, false)).extracting(MeasurePointValue::value)
                    .containsExactly(1.0, 2.0);
        }
    }

    private static MeasurePointValue v(long time, double value) {
        return new MeasurePointValue("o1", "m1", "a1", "temp", time, value, null);
    }
}
