package org.openenos.timeseries.questdb;

import org.openenos.timeseries.WindowPartial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

/** Rollups against the real engine: answers equal the raw aggregates before, during and after rollups and late data. */
class RollupTest {
    static final long T0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
    static final long MIN = 60_000, HOUR = 3_600_000, DAY = 86_400_000;
    static final List<String> ASSETS = List.of("a1", "a2", "a3");
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 4 * DAY), ZoneOffset.UTC);

    @TempDir
    Path dir;
    QuestDbTimeSeriesStore store;
    final List<MeasurePointValue> written = new ArrayList<>();

    @BeforeEach
    void open() {
        store = QuestDbTimeSeriesStore.open(dir, StoreOptions.DEFAULTS.manual(), CLOCK);
        // Two days and five hours of 10-s values, with gaps (whole empty hours) and a few text values (not numbers).
        var batch = new ArrayList<MeasurePointValue>();
        for (long t = T0; t < T0 + 2 * DAY + 5 * HOUR; t += 10_000) {
            if ((t / HOUR) % 7 == 3) {
                continue;
            }
            for (String asset : ASSETS) {
                long step = t / 10_000;
                Object value = step % 97 == 0 ? "n/a" : Math.round(Math.sin(step * 0.37 + asset.hashCode()) * 1e4) / 100.0;
                batch.add(new MeasurePointValue("o1", "m1", asset, "p1", t, value, null));
                batch.add(new MeasurePointValue("o1", "m1", asset, "p2", t, (double) (step % 10), null));
            }
        }
        append(batch);
    }

    @AfterEach
    void close() {
        store.close();
    }

    void append(List<MeasurePointValue> values) {
        store.append(values, AppendMode.NEW);
        written.addAll(values);
    }

    @Test
    void aggregatesFromRollupsEqualAggregatesOverRawValuesForEveryFunction() {
        long passesBefore = store.maintenanceStats().passes();
        store.runMaintenance(false);
        assertThat(store.maintenanceStats().passes()).isGreaterThan(passesBefore);
        assertThat(store.maintenanceStats().lastSuccessMillis()).isPositive();

        for (AggregateFunction fn : AggregateFunction.values()) {
            assertMatchesRaw(T0, T0 + 2 * DAY, HOUR, fn);        // hourly rollups
            assertMatchesRaw(T0, T0 + 2 * DAY, DAY, fn);         // daily rollups
            assertMatchesRaw(T0 + 10 * MIN, T0 + 3 * HOUR + 7 * MIN, 10 * MIN, fn);
            // The last windows are not rolled up yet... here every window is closed, but `to` cuts a window: raw tail.
            assertMatchesRaw(T0, T0 + 2 * DAY + 4 * HOUR + 30 * MIN + 5_000, HOUR, fn);
        }
    }

    @Test
    void allFunctionsFromOnePassEqualEachFunctionAskedAlone() {
        store.runMaintenance(false);
        var functions = java.util.EnumSet.allOf(AggregateFunction.class);
        for (long interval : new long[] {HOUR, DAY}) {
            var all = store.aggregateAll("o1", ASSETS, "p1", T0, T0 + 2 * DAY + 4 * HOUR + 30 * MIN, interval,
                    functions);
            for (AggregateFunction fn : functions) {
                assertThat(all.get(fn)).as(fn + " per " + interval).isEqualTo(store.aggregate("o1", ASSETS, "p1", T0,
                        T0 + 2 * DAY + 4 * HOUR + 30 * MIN, interval, fn));
            }
        }
    }

    @Test
    void windowsOfALocalDayInAnotherTimezoneAreServedFromHourlyRollups() {
        store.runMaintenance(false);
        long localMidnight = T0 - 8 * HOUR; // 00:00 at +08:00
        for (AggregateFunction fn : List.of(AggregateFunction.AVG, AggregateFunction.FIRST, AggregateFunction.COUNT)) {
            assertMatchesRaw(localMidnight, localMidnight + 2 * DAY, DAY, fn);
        }
        assertThat(RollupReader.levelFor(localMidnight, DAY)).isEqualTo(RollupLevel.HOUR);
        assertThat(RollupReader.levelFor(T0, DAY)).isEqualTo(RollupLevel.DAY);
        assertThat(RollupReader.levelFor(T0 + 30 * 1000, MIN)).isNull();
    }

    @Test
    void rollupsOutliveTheRawValuesTheyWereComputedFrom() {
        store.runMaintenance(false);
        var before = store.aggregate("o1", ASSETS, "p1", T0, T0 + DAY, HOUR, AggregateFunction.AVG);

        store.deleteBefore(T0 + DAY);

        assertThat(store.range(new SeriesKey("o1", "a1", "p1"), T0, T0 + DAY, 10, false)).isEmpty();
        var after = store.aggregate("o1", ASSETS, "p1", T0, T0 + DAY, HOUR, AggregateFunction.AVG);
        assertThat(after).isEqualTo(before);
        assertMatchesRaw(T0, T0 + DAY, HOUR, AggregateFunction.AVG); // against the values as written
    }

    @Test
    void lateValuesCorrectTheRollupsAlsoAcrossARestart() {
        store.runMaintenance(false);
        long lateTime = T0 + 3 * HOUR + 5 * 1000; // an hour without values so far: a new window appears
        append(List.of(new MeasurePointValue("o1", "m1", "a2", "p1", lateTime, 1000.0, null),
                new MeasurePointValue("o1", "m1", "a2", "p1", T0 + 5 * HOUR + 1, -1000.0, null)));

        // Before the next pass the dirty range is read from raw values: already correct.
        assertMatchesRaw(T0, T0 + 2 * DAY, HOUR, AggregateFunction.MAX);
        assertMatchesRaw(T0, T0 + 2 * DAY, DAY, AggregateFunction.MIN);

        store.close();
        store = QuestDbTimeSeriesStore.open(dir, StoreOptions.DEFAULTS.manual(), CLOCK);
        store.runMaintenance(false);

        for (AggregateFunction fn : AggregateFunction.values()) {
            assertMatchesRaw(T0, T0 + 2 * DAY, HOUR, fn);
            assertMatchesRaw(T0, T0 + 2 * DAY, DAY, fn);
        }
        // The corrected rows are now the rollups' own: they survive the raw values.
        store.deleteBefore(T0 + DAY);
        assertThat(store.aggregate("o1", List.of("a2"), "p1", T0, T0 + DAY, HOUR, AggregateFunction.MAX).get("a2"))
                .contains(new AggregateBucket(T0 + 3 * HOUR, 1000.0));
        assertThat(store.aggregate("o1", List.of("a2"), "p1", T0, T0 + DAY, DAY, AggregateFunction.MIN).get("a2"))
                .containsExactly(new AggregateBucket(T0, -1000.0));
    }

    @Test
    void valuesWrittenDuringAPassAreRolledUpByTheNextOne() {
        store.runMaintenance(false);
        long now = CLOCK.millis();
        append(List.of(new MeasurePointValue("o1", "m1", "a1", "p1", now - 30 * MIN, 5.0, null)));
        store.runMaintenance(false);
        assertThat(store.aggregate("o1", List.of("a1"), "p1", now - HOUR, now, HOUR, AggregateFunction.SUM).get("a1"))
                .containsExactly(new AggregateBucket(now - HOUR, 5.0));
    }

    private void assertMatchesRaw(long from, long to, long interval, AggregateFunction fn) {
        Map<String, List<AggregateBucket>> actual = store.aggregate("o1", ASSETS, "p1", from, to, interval, fn);
        for (String asset : ASSETS) {
            var expected = expected(asset, "p1", from, to, interval, fn);
            assertThat(actual.get(asset)).as("%s %s from %s every %d ms", fn, asset, Instant.ofEpochMilli(from),
                    interval).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(asset).get(i).windowStart()).isEqualTo(expected.get(i).windowStart());
                assertThat(actual.get(asset).get(i).value()).isCloseTo(expected.get(i).value(),
                        org.assertj.core.api.Assertions.within(1e-6));
            }
        }
    }

    private List<AggregateBucket> expected(String asset, String point, long from, long to, long interval,
                                           AggregateFunction fn) {
        var windows = new TreeMap<Long, WindowPartial>();
        written.stream().filter(v -> v.assetId().equals(asset) && v.pointId().equals(point))
                .filter(v -> v.time() >= from && v.time() < to && v.value() instanceof Double)
                .sorted(java.util.Comparator.comparingLong(MeasurePointValue::time))
                .forEach(v -> {
                    double d = (Double) v.value();
                    windows.computeIfAbsent((v.time() - from) / interval, k -> new WindowPartial()).add(1, d, d, d, d, d);
                });
        return windows.entrySet().stream()
                .map(e -> new AggregateBucket(from + e.getKey() * interval, e.getValue().value(fn))).toList();
    }
}
