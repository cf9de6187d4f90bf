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

/** A list-backed store for engine tests: the engine only reads {@link #range}. */
final class InMemoryHistory implements TimeSeriesStore {
    final List<MeasurePointValue> values = new CopyOnWriteArrayList<>();

    @Override
    public void append(List<MeasurePointValue> v, AppendMode mode) {
        values.addAll(v);
    }

    @Override
    public List<MeasurePointValue> range(SeriesKey s, long from, long to, int limit, boolean descending) {
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

    @Override
    public List<AggregateBucket> aggregate(SeriesKey s, long from, long to, long interval, AggregateFunction f) {
        throw new UnsupportedOperationException();
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
