package org.openenos.timeseries;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.openenos.model.MeasurePointValue;

/**
 * Engine SPI of the time-series store. Times are UTC epoch milliseconds. Every value type of
 * {@link MeasurePointValue} is stored: numbers and booleans as numbers (so they aggregate), strings as text, structs
 * and arrays as JSON text that reads back as maps and lists. Implementations are thread-safe.
 */
public interface TimeSeriesStore extends AutoCloseable {

    /**
     * Stores the values; when this returns they are durable in the store. A store keeps one value per (org, asset,
     * point, time): a value whose key is already stored, or repeated later in the same call, replaces the earlier one
     * (last write wins), so at-least-once delivery does not duplicate rows and a corrected value replaces the old
     * one. {@link AppendMode#MAY_REPEAT} tells the store that the caller is replaying values some of which may
     * already be stored; a store that replaces by key treats both modes alike.
     */
    void append(List<MeasurePointValue> values, AppendMode mode);

    /** Values of one series with {@code from <= time < to}, ascending or descending by time, at most {@code limit}. */
    List<MeasurePointValue> range(SeriesKey series, long from, long to, int limit, boolean descending);

    /**
     * Windows {@code [from + k*interval, from + (k+1)*interval)} of the numeric values of one series within
     * {@code [from, to)}; windows without values are left out.
     */
    List<AggregateBucket> aggregate(SeriesKey series, long from, long to, long intervalMillis, AggregateFunction function);

    /**
     * {@link #aggregate(SeriesKey, long, long, long, AggregateFunction)} of one point for several assets at once,
     * keyed by asset id in the order given (an asset without values maps to an empty list). Engines that can answer
     * it in one statement override this; the default asks asset by asset.
     */
    default Map<String, List<AggregateBucket>> aggregate(String orgId, List<String> assetIds, String pointId, long from,
                                                        long to, long intervalMillis, AggregateFunction function) {
        var result = new LinkedHashMap<String, List<AggregateBucket>>();
        for (String assetId : assetIds) {
            result.put(assetId, aggregate(new SeriesKey(orgId, assetId, pointId), from, to, intervalMillis, function));
        }
        return result;
    }

    /**
     * Several functions of {@link #aggregate(String, List, String, long, long, long, AggregateFunction)} over the same
     * windows, keyed by function then asset. Engines that read the values (or their rollups) once for all functions
     * override this; the default asks function by function.
     */
    default Map<AggregateFunction, Map<String, List<AggregateBucket>>> aggregateAll(String orgId, List<String> assetIds,
            String pointId, long from, long to, long intervalMillis, Set<AggregateFunction> functions) {
        var result = new EnumMap<AggregateFunction, Map<String, List<AggregateBucket>>>(AggregateFunction.class);
        for (AggregateFunction function : functions) {
            result.put(function, aggregate(orgId, assetIds, pointId, from, to, intervalMillis, function));
        }
        return result;
    }

    /** Calls {@code sink} with the newest stored value of every series (used to rebuild the latest-value cache). */
    void forEachLatest(Consumer<MeasurePointValue> sink);

    /**
     * The newest stored value of each of {@code series} that has one; a store the nodes share answers the latest
     * queries with it ({@link StoredLatestValues}), and must then implement it. A store of one node answers them from
     * the node's cache instead.
     */
    default Map<SeriesKey, MeasurePointValue> latest(Collection<SeriesKey> series) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not shared by nodes: its latest "
                + "values are kept by the node");
    }

    /**
     * Removes the newest value of the series from the latest values (its history stays), so that a value of that
     * time or older stored again later does not come back; returns whether there was one. As {@link #latest}: for
     * stores the nodes share.
     */
    default boolean deleteLatest(SeriesKey series) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not shared by nodes: its latest "
                + "values are kept by the node");
    }

    /** Retention: removes stored values older than {@code time} (whole storage partitions where the engine has them). */
    void deleteBefore(long time);

    /** Whether the nodes of a cluster share this store (so one of them applies retention for all). */
    default boolean sharedByNodes() {
        return false;
    }

    @Override
    void close();

    enum AppendMode { NEW, MAY_REPEAT }
}
