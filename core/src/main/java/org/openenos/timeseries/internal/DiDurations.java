package org.openenos.timeseries.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * The {@code di/duration} item of one series: every state's total time within {@code [start, end)}. A state holds
 * from its value until the next value; before the first known state and after now the state is unknown. At most
 * {@link #MAX_SCAN} rows are read per series, as EnOS does; when a range holds more, counting stops at the last row
 * read and {@code scanEndTimestamp} says where, so the caller can ask again from there.
 */
public final class DiDurations {
    public static final int MAX_SCAN = 640_000;
    private static final int CHUNK = 10_000;
    private final TimeSeriesStore store;
    private final SeriesPages pages;

    public DiDurations(TimeSeriesStore store) {
        this.store = store;
        this.pages = new SeriesPages(store);
    }

    public Map<String, Object> item(SeriesKey key, long start, long end, long now, List<String> status,
                                    boolean withUnknown) {
        var tally = new DiStates.Tally(start, pages.lastBefore(key, start));
        long scanned = 0;
        long from = start;
        long scanEnd = end;
        boolean truncated = false;
        while (from < end) {
            int chunk = (int) Math.min(CHUNK, MAX_SCAN - scanned);
            List<MeasurePointValue> rows = store.range(key, from, end, chunk, false);
            rows.forEach(v -> tally.add(v.time(), v.value()));
            scanned += rows.size();
            if (rows.size() < chunk) {
                break;
            }
            from = rows.getLast().time() + 1;
            if (scanned >= MAX_SCAN) {
                truncated = true;
                scanEnd = rows.getLast().time();
                break;
            }
        }
        Map<Object, Long> durations = truncated ? tally.finish(scanEnd, scanEnd)
                : tally.finish(Math.max(start, Math.min(end, now)), end);
        var item = new LinkedHashMap<String, Object>();
        item.put("assetId", key.assetId());
        item.put("pointId", key.pointId());
        item.put("scanEndTimestamp", scanEnd);
        item.put("durations", DiStates.durations(durations, status, withUnknown));
        return item;
    }
}
