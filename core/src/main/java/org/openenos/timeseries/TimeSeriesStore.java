package org.openenos.timeseries;

import java.util.List;
import java.util.function.Consumer;
import org.openenos.model.MeasurePointValue;

/**
 * Engine SPI of the time-series store. Times are UTC epoch milliseconds. Every value type of
 * {@link MeasurePointValue} is stored: numbers and booleans as numbers (so they aggregate), strings as text, structs
 * and arrays as JSON text that reads back as maps and lists. Implementations are thread-safe.
 */
public interface TimeSeriesStore extends AutoCloseable {

    /**
     * Stores the values; when this returns they are durable in the store. With {@link AppendMode#MAY_REPEAT} the
     * caller is replaying values some of which may already be stored: a value whose (asset, point, time) is already
     * present is skipped, so at-least-once delivery does not duplicate rows.
     */
    void append(List<MeasurePointValue> values, AppendMode mode);

    /** Values of one series with {@code from <= time < to}, ascending or descending by time, at most {@code limit}. */
    List<MeasurePointValue> range(SeriesKey series, long from, long to, int limit, boolean descending);

    /**
     * Windows {@code [from + k*interval, from + (k+1)*interval)} of the numeric values of one series within
     * {@code [from, to)}; windows without values are left out.
     */
    List<AggregateBucket> aggregate(SeriesKey series, long from, long to, long intervalMillis, AggregateFunction function);

    /** Calls {@code sink} with the newest stored value of every series (used to rebuild the latest-value cache). */
    void forEachLatest(Consumer<MeasurePointValue> sink);

    /** Retention: removes stored values older than {@code time} (whole storage partitions where the engine has them). */
    void deleteBefore(long time);

    @Override
    void close();

    enum AppendMode { NEW, MAY_REPEAT }
}
