package org.openenos.batch.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/** A list-backed store for engine tests, counting the reads the engine makes. */
final class InMemoryHistory implements TimeSeriesStore {
    final List<MeasurePointValue> values = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger rangeCalls = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger aggregateCalls = new java.util.concurrent.atomic.AtomicInteger();
    /** Calls that read one point of several assets (one statement in a real engine), whatever their functions. */
    final java.util.concurrent.atomic.AtomicInteger aggregatePasses = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void append(List<MeasurePointValue> v, AppendMode mode) {
        values.addAll(v);
    }

    @Override
    public List<MeasurePointValue> range(SeriesKey s, long from, long to, int limit, boolean descending) {
        rangeCalls.incrementAndGet();
        List<MeasurePointValue> out = new ArrayList<>();
        for (MeasurePointValue v : values) {
            if (v.orgId().equals(s.orgId()) && v.assetId().equals(s.assetId()) && v.pointId().equals(s.pointId())
                    && v.time() >= from && v.time() < to) {
                out.add(v);
            }
        }
        out.sort(Comparator.comparingLong(MeasurePointValue::time));
        return out.subList(0, Math.min(limit, out.size()));
    }

    /** Computed from the raw values like the store's rollups would answer it. */
    @Override
    public List<AggregateBucket> aggregate(SeriesKey s, long from, long to, long interval, AggregateFunction f) {
        aggregateCalls.incrementAndGet();
        java.util.TreeMap<Long, List<Double>> windows = new java.util.TreeMap<>();
        for (MeasurePointValue v : range(s, from, to, Integer.MAX_VALUE, false)) {
            if (v.value() instanceof Number n) {
                windows.computeIfAbsent(from + (v.time() - from) / interval * interval, k -> new ArrayList<>())
                        .add(n.doubleValue());
            }
        }
        rangeCalls.decrementAndGet();
        List<AggregateBucket> out = new ArrayList<>();
        windows.forEach((start, xs) -> out.add(new AggregateBucket(start, switch (f) {
            case COUNT -> xs.size();
            case SUM -> xs.stream().mapToDouble(Double::doubleValue).sum();
            case AVG -> xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case MIN -> xs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case MAX -> xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case FIRST -> xs.getFirst();
            case LAST -> xs.getLast();
        })));
        return out;
    }

    @Override
    public java.util.Map<String, List<AggregateBucket>> aggregate(String orgId, List<String> assetIds, String pointId,
            long from, long to, long interval, AggregateFunction f) {
        aggregatePasses.incrementAndGet();
        var result = new java.util.LinkedHashMap<String, List<AggregateBucket>>();
        assetIds.forEach(a -> result.put(a, aggregate(new SeriesKey(orgId, a, pointId), from, to, interval, f)));
        return result;
    }

    /** One pass for all functions, as the QuestDB store answers it from its rollup rows. */
    @Override
    public java.util.Map<AggregateFunction, java.util.Map<String, List<AggregateBucket>>> aggregateAll(String orgId,
            List<String> assetIds, String pointId, long from, long to, long interval,
            java.util.Set<AggregateFunction> functions) {
        aggregatePasses.incrementAndGet();
        var result = new java.util.EnumMap<AggregateFunction, java.util.Map<String, List<AggregateBucket>>>(
                AggregateFunction.class);
        for (AggregateFunction f : functions) {
            var ofAssets = new java.util.LinkedHashMap<String, List<AggregateBucket>>();
            assetIds.forEach(a -> ofAssets.put(a, aggregate(new SeriesKey(orgId, a, pointId), from, to, interval, f)));
            result.put(f, ofAssets);
        }
        return result;
    }

    @Override
    public void forEachLatest(Consumer<MeasurePointValue> sink) {
    }

    @Override
    public void deleteBefore(long time) {
    }

    @Override
    public void close() {
    }
}
