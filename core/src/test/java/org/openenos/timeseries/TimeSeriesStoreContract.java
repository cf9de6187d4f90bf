package org.openenos.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.SignalType;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

/**
 * What every {@link TimeSeriesStore} must do, whatever its engine: one subclass per store ({@code …ContractTest})
 * runs these tests against it, so the TSDB API answers the same on every store. Each test writes under an
 * organization of its own, so a store shared between tests (a Cassandra keyspace) keeps them apart; the store's
 * clock stands at {@link #NOW}, four days after the data, so every window written is closed.
 */
public abstract class TimeSeriesStoreContract {
    protected static final long T0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
    protected static final long SEC = 1000, MIN = 60_000, HOUR = 3_600_000, DAY = 86_400_000;
    protected static final long NOW = T0 + 4 * DAY;
    protected static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final AtomicInteger ORGS = new AtomicInteger();

    /** An organization of this test only (a store shared between tests also holds others' values). */
    protected final String org = "o" + ProcessHandle.current().pid() + "x" + ORGS.incrementAndGet() + "x"
            + System.nanoTime() % 100_000;
    protected TimeSeriesStore store;
    /** A directory of this test (embedded stores keep their files here). */
    @TempDir
    protected Path workDir;

    /**
     * A store that keeps at least this test's values apart from everything else; closed after each test
     * ({@link #closeStore}).
     */
    protected abstract TimeSeriesStore openStore(Clock clock);

    /** Runs the store's background work now (rollups of closed windows and of late values) and waits for it. */
    protected abstract void rollUp(TimeSeriesStore store);

    @BeforeEach
    void openTheStore() {
        store = openStore(CLOCK);
    }

    @AfterEach
    void closeTheStore() {
        closeStore(store);
    }

    /**
     * Closes the store a test used; a subclass whose stores share a costly connection (a Cassandra session) may keep
     * one open for the whole class instead, since every test writes under its own organization.
     */
    protected void closeStore(TimeSeriesStore store) {
        store.close();
    }

    protected MeasurePointValue v(String asset, String point, long time, Object value) {
        return new MeasurePointValue(org, "m1", asset, point, time, value, null);
    }

    protected SeriesKey series(String asset, String point) {
        return new SeriesKey(org, asset, point);
    }

    private List<Object> values(SeriesKey s, long from, long to) {
        return store.range(s, from, to, 100_000, false).stream().map(MeasurePointValue::value).toList();
    }

    // ---- ranges and paging

    @Test
    void rangeReturnsValuesOfOneSeriesInTimeOrderWithinHalfOpenBounds() {
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < 10; i++) {
            values.add(v("a1", "temp", T0 + i * SEC, (double) i));
            values.add(v("a2", "temp", T0 + i * SEC, 100.0 + i));
        }
        store.append(values, AppendMode.NEW);

        assertThat(values(series("a1", "temp"), T0 + 2 * SEC, T0 + 5 * SEC)).containsExactly(2.0, 3.0, 4.0);
        assertThat(store.range(series("a1", "temp"), T0, T0 + 10 * SEC, 3, true)).extracting(MeasurePointValue::time)
                .containsExactly(T0 + 9 * SEC, T0 + 8 * SEC, T0 + 7 * SEC);
        assertThat(store.range(series("a1", "temp"), T0, T0 + 10 * SEC, 100, false)).first()
                .satisfies(first -> {
                    assertThat(first.orgId()).isEqualTo(org);
                    assertThat(first.assetId()).isEqualTo("a1");
                    assertThat(first.pointId()).isEqualTo("temp");
                });
        assertThat(values(series("a1", "hum"), T0, T0 + 10 * SEC)).isEmpty();
    }

    @Test
    void pagesThroughARangeOfSeveralDaysInBothDirectionsReturnEveryValueOnce() {
        var written = new ArrayList<Long>();
        var values = new ArrayList<MeasurePointValue>();
        for (long t = T0 - 2 * HOUR; t < T0 + 3 * DAY; t += 7 * MIN + 13 * SEC) {
            values.add(v("a1", "temp", t, (double) t));
            written.add(t);
        }
        store.append(values, AppendMode.NEW);

        var ascending = new ArrayList<Long>();
        long from = T0 - DAY;
        for (List<MeasurePointValue> page; !(page = store.range(series("a1", "temp"), from, T0 + 4 * DAY, 97, false))
                .isEmpty(); from = page.getLast().time() + 1) {
            assertThat(page.size()).isLessThanOrEqualTo(97);
            page.forEach(p -> ascending.add(p.time()));
        }
        assertThat(ascending).isEqualTo(written);

        var descending = new ArrayList<Long>();
        long to = T0 + 4 * DAY;
        for (List<MeasurePointValue> page; !(page = store.range(series("a1", "temp"), T0 - DAY, to, 150, true))
                .isEmpty(); to = page.getLast().time()) {
            page.forEach(p -> descending.add(p.time()));
        }
        assertThat(descending).isEqualTo(written.reversed());
        assertThat(store.range(series("a1", "temp"), T0 + DAY, T0 + 2 * DAY, 5, true))
                .extracting(MeasurePointValue::time).allMatch(t -> t < T0 + 2 * DAY).isSortedAccordingTo(
                        Comparator.reverseOrder());
    }

    @Test
    void everyValueTypeReadsBackAsItsJavaType() {
        Map<String, Object> struct = new HashMap<>(Map.of("x", 1L, "name", "pump \"A\"", "on", true));
        List<Object> array = List.of(1.5, 2.5);
        store.append(List.of(v("a1", "i", T0, 42L), v("a1", "big", T0, Long.MAX_VALUE - 1), v("a1", "b", T0, true),
                v("a1", "s", T0, "text"), v("a1", "st", T0, struct), v("a1", "ar", T0, array),
                new MeasurePointValue(org, "m1", "a1", "q", T0, 1.25, 192)), AppendMode.NEW);

        assertThat(one("i").value()).isEqualTo(42L);
        assertThat(one("big").value()).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(one("b").value()).isEqualTo(true);
        assertThat(one("s").value()).isEqualTo("text");
        assertThat(one("st").value()).isEqualTo(struct);
        assertThat(one("ar").value()).isEqualTo(array);
        assertThat(one("q").quality()).isEqualTo(192);
        assertThat(one("i").quality()).isNull();
    }

    private MeasurePointValue one(String point) {
        var values = store.range(series("a1", point), T0, T0 + 1, 10, false);
        assertThat(values).hasSize(1);
        return values.getFirst();
    }

    @Test
    void idsThatLookLikeQueryTextAreMatchedExactly() {
        String odd = "temp' OR '1'='1";
        store.append(List.of(v("a1", odd, T0, 1.0), v("a1", "temp", T0, 2.0)), AppendMode.NEW);
        assertThat(values(series("a1", odd), T0, T0 + 1)).containsExactly(1.0);
        assertThat(values(series("a1", odd + "x"), T0, T0 + 1)).isEmpty();
    }

    // ---- aggregates and rollups

    @Test
    void aggregatesOverWindowsAlignedToTheStart() {
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < 6; i++) {
            values.add(v("a1", "temp", T0 + i * MIN, (double) i));
        }
        store.append(values, AppendMode.NEW);
        SeriesKey temp = series("a1", "temp");
        long w = 2 * MIN;
        assertThat(store.aggregate(temp, T0, T0 + 6 * MIN, w, AggregateFunction.AVG))
                .containsExactly(new AggregateBucket(T0, 0.5), new AggregateBucket(T0 + w, 2.5),
                        new AggregateBucket(T0 + 2 * w, 4.5));
        Map<AggregateFunction, List<Double>> expected = Map.of(AggregateFunction.COUNT, List.of(2.0, 2.0, 2.0),
                AggregateFunction.FIRST, List.of(0.0, 2.0, 4.0), AggregateFunction.LAST, List.of(1.0, 3.0, 5.0),
                AggregateFunction.SUM, List.of(1.0, 5.0, 9.0), AggregateFunction.MAX, List.of(1.0, 3.0, 5.0),
                AggregateFunction.MIN, List.of(0.0, 2.0, 4.0));
        expected.forEach((fn, list) -> assertThat(store.aggregate(temp, T0, T0 + 6 * MIN, w, fn)).as("%s", fn)
                .extracting(AggregateBucket::value).containsExactlyElementsOf(list));
        assertThat(store.aggregate(temp, T0 + MIN, T0 + 3 * MIN, w, AggregateFunction.MIN))
                .containsExactly(new AggregateBucket(T0 + MIN, 1.0));
        rollUp(store);
        expected.forEach((fn, list) -> assertThat(store.aggregate(temp, T0, T0 + 6 * MIN, w, fn)).as("%s", fn)
                .extracting(AggregateBucket::value).containsExactlyElementsOf(list));
    }

    @Test
    void aggregateOverSeveralAssetsAnswersEachAssetAsItsOwnSeriesWould() {
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < 10; i++) {
            values.add(v("a1", "temp", T0 + i * SEC, (double) i));
            values.add(v("a2", "temp", T0 + i * SEC, 100.0 + i));
            values.add(v("a2", "hum", T0 + i * SEC, 50.0));
        }
        store.append(values, AppendMode.NEW);

        Map<String, List<AggregateBucket>> byAsset = store.aggregate(org, List.of("a2", "a1", "a3"), "temp", T0,
                T0 + 10 * SEC, 5 * SEC, AggregateFunction.AVG);

        assertThat(byAsset.keySet()).containsExactly("a2", "a1", "a3");
        assertThat(byAsset.get("a1")).containsExactly(new AggregateBucket(T0, 2.0),
                new AggregateBucket(T0 + 5 * SEC, 7.0));
        assertThat(byAsset.get("a2")).isEqualTo(store.aggregate(series("a2", "temp"), T0, T0 + 10 * SEC, 5 * SEC,
                AggregateFunction.AVG)).containsExactly(new AggregateBucket(T0, 102.0),
                new AggregateBucket(T0 + 5 * SEC, 107.0));
        assertThat(byAsset.get("a3")).isEmpty();
    }

    /** Two days and five hours of 30-s values of three assets, with empty hours and a few texts (not numbers). */
    private List<MeasurePointValue> twoDaysOfValues() {
        var batch = new ArrayList<MeasurePointValue>();
        for (long t = T0; t < T0 + 2 * DAY + 5 * HOUR; t += 30 * SEC) {
            if ((t / HOUR) % 7 == 3) {
                continue;
            }
            for (String asset : List.of("a1", "a2", "a3")) {
                long step = t / 30_000;
                Object value = step % 97 == 0 ? "n/a"
                        : Math.round(Math.sin(step * 0.37 + asset.hashCode()) * 1e4) / 100.0;
                batch.add(v(asset, "p1", t, value));
            }
        }
        return batch;
    }

    @Test
    void aggregatesFromRollupsEqualAggregatesOverRawValuesForEveryFunction() {
        var written = twoDaysOfValues();
        store.append(written, AppendMode.NEW);
        rollUp(store);
        for (AggregateFunction fn : AggregateFunction.values()) {
            assertMatches(written, T0, T0 + 2 * DAY, HOUR, fn);
            assertMatches(written, T0, T0 + 2 * DAY, DAY, fn);
            assertMatches(written, T0 + 10 * MIN, T0 + 3 * HOUR + 7 * MIN, 10 * MIN, fn);
            assertMatches(written, T0 + 2 * MIN, T0 + 40 * MIN, MIN, fn);
            assertMatches(written, T0, T0 + 2 * DAY + 4 * HOUR + 30 * MIN + 5 * SEC, HOUR, fn); // a cut last window
            assertMatches(written, T0 - 8 * HOUR, T0 + 2 * DAY - 8 * HOUR, DAY, fn); // local days at +08:00
            assertMatches(written, T0 + 17 * SEC, T0 + 5 * HOUR, 15 * MIN, fn); // off every grid: raw values
        }
    }

    @Test
    void lateValuesCorrectTheAggregatesBeforeAndAfterTheRollupsAreRecomputed() {
        var written = new ArrayList<>(twoDaysOfValues());
        store.append(written, AppendMode.NEW);
        rollUp(store);
        var late = List.of(v("a2", "p1", T0 + 3 * HOUR + 5 * SEC, 1000.0), // an hour that had no values
                v("a2", "p1", T0 + 5 * HOUR + 1, -1000.0));
        store.append(late, AppendMode.NEW);
        written.addAll(late);

        assertMatches(written, T0, T0 + 2 * DAY, HOUR, AggregateFunction.MAX);
        assertMatches(written, T0, T0 + 2 * DAY, DAY, AggregateFunction.MIN);
        rollUp(store);
        for (AggregateFunction fn : AggregateFunction.values()) {
            assertMatches(written, T0, T0 + 2 * DAY, HOUR, fn);
            assertMatches(written, T0, T0 + 2 * DAY, DAY, fn);
            assertMatches(written, T0, T0 + 6 * HOUR, MIN, fn);
        }
    }

    @Test
    void rollupsOutliveTheRawValuesTheyWereComputedFrom() {
        var written = twoDaysOfValues();
        store.append(written, AppendMode.NEW);
        rollUp(store);
        var before = store.aggregate(org, List.of("a1", "a2", "a3"), "p1", T0, T0 + DAY, HOUR, AggregateFunction.AVG);

        store.deleteBefore(T0 + DAY);

        assertThat(store.range(series("a1", "p1"), T0, T0 + DAY, 10, false)).isEmpty();
        assertThat(store.aggregate(org, List.of("a1", "a2", "a3"), "p1", T0, T0 + DAY, HOUR, AggregateFunction.AVG))
                .isEqualTo(before);
        assertMatches(written, T0, T0 + DAY, HOUR, AggregateFunction.AVG);
    }

    private void assertMatches(List<MeasurePointValue> written, long from, long to, long interval,
                               AggregateFunction fn) {
        List<String> assets = List.of("a1", "a2", "a3");
        Map<String, List<AggregateBucket>> actual = store.aggregate(org, assets, "p1", from, to, interval, fn);
        for (String asset : assets) {
            var expected = expectedAggregate(written, asset, "p1", from, to, interval, fn);
            String what = "%s %s from %s every %d ms".formatted(fn, asset, Instant.ofEpochMilli(from), interval);
            assertThat(actual.get(asset)).as(what).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(asset).get(i).windowStart()).as(what).isEqualTo(expected.get(i).windowStart());
                assertThat(actual.get(asset).get(i).value()).as(what).isCloseTo(expected.get(i).value(), within(1e-6));
            }
        }
    }

    /** The aggregate computed here from the values as written, the last written of a key counting. */
    private static List<AggregateBucket> expectedAggregate(List<MeasurePointValue> written, String asset,
                                                           String point, long from, long to, long interval,
                                                           AggregateFunction fn) {
        var byTime = new TreeMap<Long, Double>();
        for (MeasurePointValue v : written) {
            if (v.assetId().equals(asset) && v.pointId().equals(point) && v.time() >= from && v.time() < to) {
                if (v.value() instanceof Double d) {
                    byTime.put(v.time(), d);
                } else {
                    byTime.remove(v.time());
                }
            }
        }
        var windows = new TreeMap<Long, List<Double>>();
        byTime.forEach((t, d) -> windows.computeIfAbsent((t - from) / interval, k -> new ArrayList<>()).add(d));
        var result = new ArrayList<AggregateBucket>();
        windows.forEach((k, ds) -> result.add(new AggregateBucket(from + k * interval, switch (fn) {
            case COUNT -> ds.size();
            case SUM -> ds.stream().mapToDouble(Double::doubleValue).sum();
            case AVG -> ds.stream().mapToDouble(Double::doubleValue).sum() / ds.size();
            case MIN -> ds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case MAX -> ds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case FIRST -> ds.getFirst();
            case LAST -> ds.getLast();
        })));
        return result;
    }

    // ---- one value per (asset, point, time)

    @Test
    void aValuePostedAgainForTheSameTimeReplacesTheStoredValue() {
        SeriesKey temp = series("a1", "temp");
        store.append(List.of(v("a1", "temp", T0, 1.0), v("a1", "temp", T0 + SEC, 2.0)), AppendMode.NEW);
        store.append(List.of(v("a1", "temp", T0, 10.0)), AppendMode.NEW);
        store.append(List.of(v("a1", "temp", T0 + SEC, 20.0), v("a1", "temp", T0 + 2 * SEC, 3.0)),
                AppendMode.MAY_REPEAT);

        assertThat(values(temp, T0, T0 + 10 * SEC)).containsExactly(10.0, 20.0, 3.0);
        assertThat(store.range(temp, T0, T0 + 10 * SEC, 100, true)).extracting(MeasurePointValue::value)
                .containsExactly(3.0, 20.0, 10.0);
        assertThat(store.range(temp, T0, T0 + 10 * SEC, 2, false)).extracting(MeasurePointValue::value)
                .as("a page holds distinct times").containsExactly(10.0, 20.0);
        assertThat(latestOfThisOrg()).containsExactlyEntriesOf(Map.of("a1/temp", 3.0));
    }

    @Test
    void repeatsWithinOneBatchLeaveTheValueThatCameLast() {
        store.append(List.of(v("a1", "temp", T0, 1.0), v("a1", "temp", T0 + SEC, 5.0), v("a1", "temp", T0, 2.0),
                v("a1", "temp", T0 + SEC, 6.0), v("a1", "temp", T0, 3.0)), AppendMode.NEW);
        assertThat(values(series("a1", "temp"), T0, T0 + 10 * SEC)).containsExactly(3.0, 6.0);
    }

    @Test
    void aValueOfAnotherTypeReplacesTheStoredOneWithoutLeavingAnythingOfIt() {
        store.append(List.of(v("a1", "temp", T0, "offline"), v("a1", "temp", T0 + SEC, 5.0)), AppendMode.NEW);
        store.append(List.of(v("a1", "temp", T0, 4.5)), AppendMode.NEW);
        store.append(List.of(new MeasurePointValue(org, "m1", "a1", "temp", T0 + SEC, 7.0, 192)), AppendMode.NEW);
        store.append(List.of(v("a1", "temp", T0 + SEC, 8.0)), AppendMode.NEW);
        assertThat(store.range(series("a1", "temp"), T0, T0 + 2 * SEC, 10, false))
                .extracting(MeasurePointValue::value, MeasurePointValue::quality)
                .containsExactly(tuple(4.5, null),
                        tuple(8.0, null));
    }

    @Test
    void resumedValuesRepeatedWithinOneOutOfOrderBatchAreStoredOnce() {
        store.append(List.of(v("a1", "temp", T0 + 3 * SEC, 3.0)), AppendMode.NEW);
        store.append(List.of(v("a1", "temp", T0 + 2 * SEC, 2.0), v("a1", "temp", T0 + 3 * SEC, 3.0),
                v("a1", "temp", T0, 0.0), v("a1", "temp", T0 + 2 * SEC, 2.0)), AppendMode.MAY_REPEAT);
        assertThat(values(series("a1", "temp"), T0, T0 + 10 * SEC)).containsExactly(0.0, 2.0, 3.0);
    }

    @Test
    void aggregatesAndRollupsCountAReplacedValueOnceWithItsNewValue() {
        SeriesKey temp = series("a1", "temp");
        var values = new ArrayList<MeasurePointValue>();
        for (long t = T0; t < T0 + 2 * HOUR; t += 10 * SEC) {
            values.add(v("a1", "temp", t, 1.0));
        }
        store.append(values, AppendMode.NEW);
        rollUp(store);
        store.append(List.of(v("a1", "temp", T0 + 30 * MIN, 61.0), v("a1", "temp", T0 + 30 * MIN, 121.0)),
                AppendMode.NEW);

        assertThat(store.aggregate(temp, T0, T0 + 2 * HOUR, HOUR, AggregateFunction.SUM))
                .containsExactly(new AggregateBucket(T0, 360 + 120.0), new AggregateBucket(T0 + HOUR, 360.0));
        rollUp(store);
        for (long window : List.of(HOUR, 10 * MIN, MIN)) {
            var sums = store.aggregate(temp, T0, T0 + 2 * HOUR, window, AggregateFunction.SUM);
            assertThat(sums.stream().mapToDouble(AggregateBucket::value).sum()).isEqualTo(720 + 120.0);
            var counts = store.aggregate(temp, T0, T0 + 2 * HOUR, window, AggregateFunction.COUNT);
            assertThat(counts.stream().mapToDouble(AggregateBucket::value).sum()).isEqualTo(720.0);
        }
        assertThat(store.aggregate(temp, T0, T0 + 2 * HOUR, HOUR, AggregateFunction.MAX))
                .containsExactly(new AggregateBucket(T0, 121.0), new AggregateBucket(T0 + HOUR, 1.0));
    }

    // ---- latest, retention, organizations

    @Test
    void latestOfEverySeriesIsTheNewestStoredValueEvenWhenWrittenOutOfOrder() {
        store.append(List.of(v("a1", "temp", T0 + 5 * SEC, 5.0), v("a1", "temp", T0, 0.0), v("a2", "s", T0, "x")),
                AppendMode.NEW);
        store.append(List.of(v("a1", "temp", T0 + SEC, 1.0)), AppendMode.NEW);
        assertThat(latestOfThisOrg()).containsExactlyInAnyOrderEntriesOf(Map.of("a1/temp", 5.0, "a2/s", "x"));
        var cache = latestCache();
        assertThat(cache.get(series("a1", "temp"))).map(MeasurePointValue::time).contains(T0 + 5 * SEC);
    }

    /** The latest-value cache as the server rebuilds it from the store, of this test's organization. */
    private LatestValueCache latestCache() {
        var cache = new LatestValueCache(workDir.resolve("tombstones-" + System.nanoTime()));
        store.forEachLatest(x -> {
            if (x.orgId().equals(org)) {
                cache.update(x);
            }
        });
        return cache;
    }

    private Map<String, Object> latestOfThisOrg() {
        var latest = new HashMap<String, Object>();
        store.forEachLatest(x -> {
            if (x.orgId().equals(org)) {
                assertThat(latest.put(x.assetId() + "/" + x.pointId(), x.value())).as("one value per series").isNull();
            }
        });
        return latest;
    }

    @Test
    void retentionDeletesTheValuesBeforeTheCutoffAndKeepsTheRest() {
        store.append(List.of(v("a1", "temp", T0 - 3 * DAY, 1.0), v("a1", "temp", T0 - 2 * DAY + HOUR, 1.5),
                v("a1", "temp", T0, 2.0), v("a2", "temp", T0 - 3 * DAY, 9.0)), AppendMode.NEW);
        store.deleteBefore(T0 - DAY);
        assertThat(values(series("a1", "temp"), 0, T0 + DAY)).containsExactly(2.0);
        assertThat(values(series("a2", "temp"), 0, T0 + DAY)).isEmpty();
        store.append(List.of(v("a1", "temp", T0 + 1, 3.0), v("a2", "temp", T0 - 3 * DAY, 4.0)), AppendMode.NEW);
        assertThat(values(series("a1", "temp"), T0, T0 + 10)).containsExactly(2.0, 3.0);
        assertThat(values(series("a2", "temp"), 0, T0)).as("a late value is stored again").containsExactly(4.0);
    }

    @Test
    void anotherOrganizationSeesNothingOfThisOne() {
        store.append(List.of(v("a1", "temp", T0, 1.0), v("a1", "temp", T0 + MIN, 2.0)), AppendMode.NEW);
        rollUp(store);
        String other = org + "-other";
        assertThat(store.range(new SeriesKey(other, "a1", "temp"), T0, T0 + DAY, 10, false)).isEmpty();
        assertThat(store.aggregate(new SeriesKey(other, "a1", "temp"), T0, T0 + DAY, HOUR, AggregateFunction.COUNT))
                .isEmpty();
        assertThat(store.aggregate(other, List.of("a1"), "temp", T0, T0 + DAY, DAY, AggregateFunction.SUM).get("a1"))
                .isEmpty();
        var latestOfOther = new ArrayList<MeasurePointValue>();
        store.forEachLatest(x -> {
            if (x.orgId().equals(other)) {
                latestOfOther.add(x);
            }
        });
        assertThat(latestOfOther).isEmpty();
    }

    // ---- the TSDB API's typed queries on top of the store

    private TsdbQueryService queries(Map<String, SignalType> signals, long now) {
        return new TsdbQueryService(store, latestCache(), AssetTimezones.UTC,
                (o, asset, point) -> Optional.ofNullable(signals.get(point)),
                Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
    }

    @Test
    void diQueriesReportChangesOfStateAndHowLongEachStateHeld() {
        store.append(List.of(v("a1", "state", T0 - HOUR, 0L), v("a1", "state", T0 + 10 * MIN, 0L),
                v("a1", "state", T0 + 20 * MIN, 1L), v("a1", "state", T0 + 30 * MIN, 1L),
                v("a1", "state", T0 + 45 * MIN, 2L)), AppendMode.NEW);
        var service = queries(Map.of("state", SignalType.DI), NOW);

        var changes = service.di(new TsdbQuery(org, null, List.of("a1"), List.of("state"), "2024-03-01T00:00:00Z",
                "2024-03-01T01:00:00Z", null, null, false, false, 0, 0));
        assertThat(changes.items()).extracting(i -> i.get("timestamp") + "=" + i.get("state"))
                .containsExactly(T0 + "=0", (T0 + 20 * MIN) + "=1", (T0 + 45 * MIN) + "=2");

        var durations = service.diDuration(new TsdbDurationQuery(org, List.of("a1"), List.of("state"),
                "2024-03-01T00:00:00Z", "2024-03-01T01:00:00Z", List.of(), true));
        assertThat(durations.items()).singleElement().satisfies(item -> assertThat(item.toString())
                .contains(String.valueOf(20 * MIN)).contains(String.valueOf(25 * MIN))
                .contains(String.valueOf(15 * MIN)));
    }

    @Test
    void electricPowerIsTheIncreaseOfTheMeterReadingPerWindow() {
        var readings = new ArrayList<MeasurePointValue>();
        for (int m = 0; m <= 120; m++) {
            readings.add(v("a1", "kwh", T0 + m * MIN, 1000.0 + 2.0 * m));
        }
        store.append(readings, AppendMode.NEW);
        rollUp(store);
        var service = queries(Map.of("kwh", SignalType.PI), T0 + 90 * MIN);

        var hourly = service.electricPower(new TsdbAggregateQuery(org, List.of("a1"), "sum(kwh)", 60,
                "2024-03-01T00:00:00Z", "2024-03-01T02:00:00Z", null, false, 0, 2));
        assertThat(hourly.items()).singleElement().satisfies(item ->
                assertThat(item).containsEntry("value", List.of(120.0, 120.0)));

        var currentDay = service.electricPowerCurrentDay(new TsdbCurrentDayQuery(org, List.of("a1"), List.of("kwh"),
                false, 0, 0));
        assertThat(currentDay.items()).singleElement().satisfies(item ->
                assertThat(item).containsEntry("sum(kwh)", 180.0));
    }

    @Test
    void normalizedAggregatesOfTheApiReadTheSameWindowsAsTheStore() {
        var written = twoDaysOfValues();
        store.append(written, AppendMode.NEW);
        rollUp(store);
        var service = queries(Map.of("p1", SignalType.AI), NOW);
        var q = new TsdbAggregateQuery(org, List.of("a1", "a2"), "avg(p1),max(p1),count(p1)", 1440,
                "2024-03-01T00:00:00Z", "2024-03-03T00:00:00Z", null, false, 0, 2);
        var items = service.aiNormalized(q).items();
        assertThat(items).hasSize(6);
        var a1Counts = expectedAggregate(written, "a1", "p1", T0, T0 + 2 * DAY, DAY, AggregateFunction.COUNT);
        assertThat(items.get(2)).containsEntry("assetId", "a1").containsEntry("value",
                a1Counts.stream().map(b -> (long) b.value()).toList());
    }
}
