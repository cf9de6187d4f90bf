package org.openenos.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * A {@link TimeSeriesStore} in memory for tests of query logic: one value per (series, time), a later append at the
 * same time replacing the earlier one in either {@link AppendMode}, as the QuestDB store does. Tests of what happens
 * around a store that is slow, stalls or fails extend it and override {@link #append}.
 */
public class InMemoryTimeSeriesStore implements TimeSeriesStore {
    private final Map<SeriesKey, NavigableMap<Long, MeasurePointValue>> series = new ConcurrentHashMap<>();

    @Override
    public synchronized void append(List<MeasurePointValue> values, AppendMode mode) {
        for (MeasurePointValue v : values) {
            var rows = series.computeIfAbsent(new SeriesKey(v.orgId(), v.assetId(), v.pointId()), k -> new TreeMap<>());
            rows.put(v.time(), v);
        }
    }

    @Override
    public synchronized List<MeasurePointValue> range(SeriesKey key, long from, long to, int limit,
                                                      boolean descending) {
        var rows = series.getOrDefault(key, new TreeMap<>()).subMap(from, true, to, false);
        return (descending ? rows.descendingMap() : rows).values().stream().limit(limit).toList();
    }

    @Override
    public synchronized List<AggregateBucket> aggregate(SeriesKey key, long from, long to, long interval,
                                                        AggregateFunction fn) {
        var windows = new TreeMap<Long, List<Double>>();
        for (MeasurePointValue v : range(key, from, to, Integer.MAX_VALUE, false)) {
            if (v.value() instanceof Number n) {
                windows.computeIfAbsent(from + Math.floorDiv(v.time() - from, interval) * interval,
                        w -> new ArrayList<>()).add(n.doubleValue());
            }
        }
        var buckets = new ArrayList<AggregateBucket>();
        windows.forEach((w, xs) -> buckets.add(new AggregateBucket(w, switch (fn) {
            case COUNT -> xs.size();
            case AVG -> xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case SUM -> xs.stream().mapToDouble(Double::doubleValue).sum();
            case MAX -> xs.stream().max(Comparator.naturalOrder()).orElseThrow();
            case MIN -> xs.stream().min(Comparator.naturalOrder()).orElseThrow();
            case FIRST -> xs.getFirst();
            case LAST -> xs.getLast();
        })));
        return buckets;
    }

    @Override
    public synchronized void forEachLatest(Consumer<MeasurePointValue> sink) {
        series.values().forEach(rows -> sink.accept(rows.lastEntry().getValue()));
    }

    @Override
    public synchronized void deleteBefore(long time) {
        series.values().forEach(rows -> rows.headMap(time).clear());
    }

    @Override
    public void close() {
    }
}
