package org.openenos.timeseries.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * Reads one page of one series for the raw-data queries, continuing at a {@link PageCursor} position. For DI
 * ({@code stateChanges}) only changes of state are kept, and the page that holds the start of the range begins with
 * the state at the start (traced back up to {@link DiStates#LOOKBACK}) when no value lies exactly there.
 */
public final class SeriesPages {
    private final TimeSeriesStore store;

    public SeriesPages(TimeSeriesStore store) {
        this.store = store;
    }

    /** The samples of the page (in the requested order) and the series' next cursor position. */
    public record Page(List<SeriesData.Sample> samples, long next) {
    }

    /** Reads {@code [start, end]} (both included) from {@code position} on. */
    public Page read(SeriesKey key, long start, long end, long position, int pageSize, boolean descending,
                     boolean stateChanges, Predicate<Object> keep) {
        if (position == PageCursor.DONE) {
            return new Page(List.of(), PageCursor.DONE);
        }
        boolean first = position == PageCursor.START;
        long from = descending || first ? start : position + 1;
        long to = !descending || first ? end + 1 : position;
        List<MeasurePointValue> rows = from < to ? store.range(key, from, to, pageSize, descending) : List.of();
        long next = rows.size() < pageSize ? PageCursor.DONE : rows.getLast().time();
        if (stateChanges) {
            rows = stateChanges(key, rows, start, descending, first, next == PageCursor.DONE);
        }
        var samples = new ArrayList<SeriesData.Sample>(rows.size());
        for (MeasurePointValue v : rows) {
            if (keep.test(v.value())) {
                samples.add(new SeriesData.Sample(v.time(), v.value(), v.quality()));
            }
        }
        return new Page(samples, next);
    }

    /** The newest value before {@code time} within the DI lookback, or null. */
    public MeasurePointValue lastBefore(SeriesKey key, long time) {
        List<MeasurePointValue> last = store.range(key, time - DiStates.LOOKBACK, time, 1, true);
        return last.isEmpty() ? null : last.getFirst();
    }

    private List<MeasurePointValue> stateChanges(SeriesKey key, List<MeasurePointValue> rows, long start,
                                                 boolean descending, boolean firstPage, boolean lastPage) {
        var ascending = new ArrayList<>(rows);
        if (descending) {
            java.util.Collections.reverse(ascending);
        }
        boolean holdsStart = descending ? lastPage : firstPage;
        MeasurePointValue before;
        if (holdsStart) {
            // The state at the start is always reported: the value there, or else the one traced back.
            MeasurePointValue traced = lastBefore(key, start);
            if (traced != null && (ascending.isEmpty() || ascending.getFirst().time() != start)) {
                ascending.addFirst(new MeasurePointValue(key.orgId(), null, key.assetId(), key.pointId(), start,
                        traced.value(), traced.quality()));
            }
            before = null;
        } else {
            before = ascending.isEmpty() ? null : lastBefore(key, ascending.getFirst().time());
        }
        var kept = new ArrayList<>(DiStates.changes(before, ascending));
        if (descending) {
            java.util.Collections.reverse(kept);
        }
        return kept;
    }
}
