package org.openenos.timeseries;

import java.time.ZoneId;
import java.util.List;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.internal.TsdbLimits;
import org.openenos.timeseries.internal.TsdbTime;

/**
 * Export of raw values for a time range and a set of assets and points, row by row in pages so that no export holds
 * more than one page in memory however long its range. Same arguments and rules as {@code raw} (both ends included,
 * local times in each asset's timezone) except that there is no page size: every value in the range is exported.
 * Callers check access to the organization first; the store keys every series by organization.
 */
public final class TsdbExport {
    /** Values read from the store per call. */
    static final int PAGE = 10_000;

    /** One exported value with its local time already formatted. */
    public record Row(String assetId, String pointId, long time, String localTime, Object value, Integer quality) {
    }

    /** Receives the rows; may throw to abort the export (for example when the client went away). */
    @FunctionalInterface
    public interface RowSink {
        void accept(Row row);
    }

    private final TimeSeriesStore store;
    private final AssetTimezones timezones;

    public TsdbExport(TimeSeriesStore store, AssetTimezones timezones) {
        this.store = store;
        this.timezones = timezones;
    }

    /**
     * Checks the arguments; throws {@code TSDB_BAD_ARGUMENT} before anything is written so a bad request gets a
     * proper error instead of a truncated file.
     */
    public void validate(TsdbQuery q) {
        TsdbLimits.check(q.assetIds(), q.pointIds().size(), 1, 0, q.localTimeFormat());
        TsdbLimits.checkSameFormat(q.startTime(), q.endTime());
        for (String assetId : q.assetIds()) {
            ZoneId zone = timezones.zoneOf(q.orgId(), assetId);
            TsdbLimits.checkRange(TsdbTime.parse("startTime", q.startTime(), zone),
                    TsdbTime.parse("endTime", q.endTime(), zone));
        }
    }

    /** Streams every value of the query to {@code sink}, asset by asset, point by point, ascending in time. */
    public long export(TsdbQuery q, RowSink sink) {
        validate(q);
        long rows = 0;
        for (String assetId : q.assetIds()) {
            ZoneId zone = timezones.zoneOf(q.orgId(), assetId);
            long start = TsdbTime.parse("startTime", q.startTime(), zone);
            long end = TsdbTime.parse("endTime", q.endTime(), zone) + 1;
            for (String pointId : q.pointIds()) {
                var key = new SeriesKey(q.orgId(), assetId, pointId);
                // A series holds one value per millisecond, so the next page starts just after the last time read.
                for (long from = start; from < end; ) {
                    List<MeasurePointValue> page = store.range(key, from, end, PAGE, false);
                    for (MeasurePointValue v : page) {
                        sink.accept(new Row(assetId, pointId, v.time(),
                                TsdbTime.format(v.time(), zone, q.localTimeAccuracy(), q.localTimeFormat()),
                                v.value(), v.quality()));
                    }
                    rows += page.size();
                    if (page.size() < PAGE) {
                        break;
                    }
                    from = page.getLast().time() + 1;
                }
            }
        }
        return rows;
    }
}
