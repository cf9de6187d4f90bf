package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

class QuestDbTimeSeriesStoreTest {
    static final long T0 = 1_700_000_000_000L;
    static final SeriesKey TEMP = new SeriesKey("o1", "a1", "temp");

    @TempDir
    Path dir;
    QuestDbTimeSeriesStore store;

    @BeforeEach
    void open() {
        store = QuestDbTimeSeriesStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static MeasurePointValue v(String asset, String point, long time, Object value) {
        return new MeasurePointValue("o1", "m1", asset, point, time, value, null);
    }

    @Test
    void rangeReturnsValuesOfOneSeriesInTimeOrderWithinHalfOpenBounds() {
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < 10; i++) {
            values.add(v("a1", "temp", T0 + i * 1000L, (double) i));
            values.add(v("a2", "temp", T0 + i * 1000L, 100.0 + i));
        }
        store.append(values, AppendMode.NEW);

        var range = store.range(TEMP, T0 + 2000, T0 + 5000, 100, false);
        assertThat(range).extracting(MeasurePointValue::value).containsExactly(2.0, 3.0, 4.0);
        assertThat(store.range(TEMP, T0, T0 + 10_000, 3, true)).extracting(MeasurePointValue::time)
                .containsExactly(T0 + 9000, T0 + 8000, T0 + 7000);
        assertThat(store.range(new SeriesKey("other-org", "a1", "temp"), T0, T0 + 10_000, 100, false)).isEmpty();
    }

    @Test
    void everyValueTypeReadsBackAsItsJavaType() {
        Map<String, Object> struct = new HashMap<>(Map.of("x", 1L, "name", "pump \"A\"", "on", true));
        List<Object> array = List.of(1.5, 2.5);
        store.append(List.of(v("a1", "i", T0, 42L), v("a1", "big", T0, Long.MAX_VALUE - 1), v("a1", "b", T0, true),
                v("a1", "s", T0, "text"), v("a1", "st", T0, struct), v("a1", "ar", T0, array),
                new MeasurePointValue("o1", "m1", "a1", "q", T0, 1.25, 192)), AppendMode.NEW);

        assertThat(one("i").value()).isEqualTo(42L);
        assertThat(one("big").value()).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(one("b").value()).isEqualTo(true);
        assertThat(one("s").value()).isEqualTo("text");
        assertThat(one("st").value()).isEqualTo(struct);
        assertThat(one("ar").value()).isEqualTo(array);
        assertThat(one("q").quality()).isEqualTo(192);
        assertThat(one("i").quality()).isNull();
    }

    @Test
    void aggregatesOverWindowsAlignedToTheStart() {
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < 6; i++) {
            values.add(v("a1", "temp", T0 + i * 60_000L, (double) i));
        }
        store.append(values, AppendMode.NEW);
        long w = 120_000;
        assertThat(store.aggregate(TEMP, T0, T0 + 360_000, w, AggregateFunction.AVG))
                .containsExactly(new AggregateBucket(T0, 0.5), new AggregateBucket(T0 + w, 2.5),
                        new AggregateBucket(T0 + 2 * w, 4.5));
        assertThat(store.aggregate(TEMP, T0, T0 + 360_000, w, AggregateFunction.COUNT))
                .extracting(AggregateBucket::value).containsExactly(2.0, 2.0, 2.0);
        assertThat(store.aggregate(TEMP, T0, T0 + 360_000, w, AggregateFunction.FIRST))
                .extracting(AggregateBucket::value).containsExactly(0.0, 2.0, 4.0);
        assertThat(store.aggregate(TEMP, T0, T0 + 360_000, w, AggregateFunction.LAST))
                .extracting(AggregateBucket::value).containsExactly(1.0, 3.0, 5.0);
        assertThat(store.aggregate(TEMP, T0, T0 + 360_000, w, AggregateFunction.SUM))
                .extracting(AggregateBucket::value).containsExactly(1.0, 5.0, 9.0);
        assertThat(store.aggregate(TEMP, T0, T0 + 360_000, w, AggregateFunction.MAX))
                .extracting(AggregateBucket::value).containsExactly(1.0, 3.0, 5.0);
        assertThat(store.aggregate(TEMP, T0 + 60_000, T0 + 180_000, w, AggregateFunction.MIN))
                .containsExactly(new AggregateBucket(T0 + 60_000, 1.0));
    }

    @Test
    void replayedValuesAreNotStoredTwice() {
        var first = List.of(v("a1", "temp", T0, 1.0), v("a1", "temp", T0 + 1000, 2.0));
        store.append(first, AppendMode.NEW);
        store.append(List.of(v("a1", "temp", T0 + 1000, 2.0), v("a1", "temp", T0 + 2000, 3.0)),
                AppendMode.MAY_REPEAT);
        assertThat(store.range(TEMP, T0, T0 + 10_000, 100, false)).extracting(MeasurePointValue::value)
                .containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void aBatchOfInterleavedTimeRunsIsStoredCompletelyWithEachValueUnderItsOwnIds() {
        // As the storage stage hands it over: one run in time order per log partition, ids decoded per record as
        // their own String instances, the same id alternating with others.
        var values = new ArrayList<MeasurePointValue>();
        for (int run = 0; run < 2; run++) {
            for (int i = 0; i < 50; i++) {
                String asset = new String(i % 2 == 0 ? "a1" : "a2");
                String org = new String(run == 0 ? "o1" : "o2");
                values.add(new MeasurePointValue(org, "m1", asset, new String("temp"), T0 + i * 1000L,
                        run * 1000.0 + i, i % 5 == 0 ? 192 : null));
            }
        }
        store.append(values, AppendMode.NEW);

        var a1 = store.range(TEMP, T0, T0 + 50_000, 100, false);
        assertThat(a1).hasSize(25).extracting(MeasurePointValue::time).isSorted();
        assertThat(a1).extracting(MeasurePointValue::value).startsWith(0.0, 2.0, 4.0);
        assertThat(a1.getFirst().quality()).isEqualTo(192);
        assertThat(a1.get(1).quality()).isNull();
        assertThat(store.range(new SeriesKey("o2", "a2", "temp"), T0, T0 + 50_000, 100, false))
                .extracting(MeasurePointValue::value).hasSize(25).startsWith(1001.0, 1003.0);
    }

    @Test
    void resumedValuesRepeatedWithinOneOutOfOrderBatchAreStoredOnce() {
        store.append(List.of(v("a1", "temp", T0 + 3000, 3.0)), AppendMode.NEW);
        store.append(List.of(v("a1", "temp", T0 + 2000, 2.0), v("a1", "temp", T0 + 3000, 3.0),
                v("a1", "temp", T0, 0.0), v("a1", "temp", T0 + 2000, 2.0)), AppendMode.MAY_REPEAT);
        assertThat(store.range(TEMP, T0, T0 + 10_000, 100, false)).extracting(MeasurePointValue::value)
                .containsExactly(0.0, 2.0, 3.0);
    }

    @Test
    void latestOfEverySeriesIsTheNewestStoredValueEvenWhenWrittenOutOfOrder() {
        store.append(List.of(v("a1", "temp", T0 + 5000, 5.0), v("a1", "temp", T0, 0.0), v("a2", "s", T0, "x")),
                AppendMode.NEW);
        store.append(List.of(v("a1", "temp", T0 + 1000, 1.0)), AppendMode.NEW);
        var latest = new HashMap<String, Object>();
        store.forEachLatest(x -> latest.put(x.assetId() + "/" + x.pointId(), x.value()));
        assertThat(latest).containsExactlyInAnyOrderEntriesOf(Map.of("a1/temp", 5.0, "a2/s", "x"));
    }

    @Test
    void retentionDropsOldDays() {
        long day = 86_400_000L;
        store.append(List.of(v("a1", "temp", T0 - 3 * day, 1.0), v("a1", "temp", T0, 2.0)), AppendMode.NEW);
        store.deleteBefore(T0 - day);
        assertThat(store.range(TEMP, 0, Long.MAX_VALUE / 2000, 100, false)).extracting(MeasurePointValue::value)
                .containsExactly(2.0);
        store.append(List.of(v("a1", "temp", T0 + 1, 3.0)), AppendMode.NEW);
        assertThat(store.range(TEMP, T0, T0 + 10, 100, false)).hasSize(2);
    }

    private MeasurePointValue one(String point) {
        var values = store.range(new SeriesKey("o1", "a1", point), T0, T0 + 1, 10, false);
        assertThat(values).hasSize(1);
        return values.getFirst();
    }

    @Test
    void idsThatCannotBeSqlLiteralsAreStillMatchedExactlyAndNeverChangeTheQuery() {
        String odd = "temp' OR '1'='1";
        store.append(List.of(v("a1", odd, T0, 1.0), v("a1", "temp", T0, 2.0)), AppendMode.NEW);

        assertThat(store.range(new SeriesKey("o1", "a1", odd), T0, T0 + 1, 10, false))
                .extracting(MeasurePointValue::value).containsExactly(1.0);
        assertThat(store.range(new SeriesKey("o1", "a1", "temp' OR '1'='1x"), T0, T0 + 1, 10, false)).isEmpty();
    }

    @Test
    void aggregateOverSeveralAssetsAnswersEachAssetAsItsOwnSeriesWould() {
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < 10; i++) {
            values.add(v("a1", "temp", T0 + i * 1000L, (double) i));
            values.add(v("a2", "temp", T0 + i * 1000L, 100.0 + i));
            values.add(v("a2", "hum", T0 + i * 1000L, 50.0));
        }
        store.append(values, AppendMode.NEW);

        Map<String, List<AggregateBucket>> byAsset =
                store.aggregate("o1", List.of("a2", "a1", "a3"), "temp", T0, T0 + 10_000, 5000, AggregateFunction.AVG);

        assertThat(byAsset.keySet()).containsExactly("a2", "a1", "a3");
        assertThat(byAsset.get("a1")).containsExactly(new AggregateBucket(T0, 2.0), new AggregateBucket(T0 + 5000, 7.0));
        assertThat(byAsset.get("a2")).isEqualTo(store.aggregate(new SeriesKey("o1", "a2", "temp"), T0, T0 + 10_000,
                5000, AggregateFunction.AVG)).containsExactly(new AggregateBucket(T0, 102.0),
                new AggregateBucket(T0 + 5000, 107.0));
        assertThat(byAsset.get("a3")).isEmpty();
        assertThat(store.aggregate("o2", List.of("a1"), "temp", T0, T0 + 10_000, 5000, AggregateFunction.AVG)
                .get("a1")).isEmpty();
    }
}
