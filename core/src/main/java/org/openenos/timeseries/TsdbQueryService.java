package org.openenos.timeseries;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.SignalType;
import org.openenos.timeseries.internal.ItemFormatter;
import org.openenos.timeseries.internal.PointLogic;
import org.openenos.timeseries.internal.SeriesData;
import org.openenos.timeseries.internal.TsdbLimits;
import org.openenos.timeseries.internal.TsdbTime;

/**
 * The use cases of the TSDB Data Service v2.1: raw, ai, di, generic, ai-normalized, latest and latest deletion.
 * Raw ranges include both ends; aggregation windows are {@code [start, end)}. Every argument error is an
 * {@code OpenEnosException} with {@code TSDB_BAD_ARGUMENT} (80400). Callers check access to the organization first.
 */
public final class TsdbQueryService {
    private static final long MINUTE = 60_000;

    private final TimeSeriesStore store;
    private final LatestValueCache latest;
    private final AssetTimezones timezones;
    private final PointSignalTypes signals;
    private final Clock clock;

    public TsdbQueryService(TimeSeriesStore store, LatestValueCache latest, AssetTimezones timezones,
                            PointSignalTypes signals, Clock clock) {
        this.store = store;
        this.latest = latest;
        this.timezones = timezones;
        this.signals = signals;
        this.clock = clock;
    }

    /** All point types. */
    public TsdbResult raw(TsdbQuery q) {
        return read(q, null, v -> true);
    }

    /** AI points, numeric values only. */
    public TsdbResult ai(TsdbQuery q) {
        return read(q, SignalType.AI, v -> v instanceof Number);
    }

    public TsdbResult di(TsdbQuery q) {
        return read(q, SignalType.DI, v -> true);
    }

    public TsdbResult generic(TsdbQuery q) {
        return read(q, SignalType.Generic, v -> true);
    }

    public TsdbResult aiNormalized(TsdbAggregateQuery q) {
        List<PointLogic> terms = PointLogic.parseAll(q.pointIdsWithLogic());
        int pageSize = TsdbLimits.check(q.assetIds(), terms.size(), q.pageSize(), q.itemFormat(), q.localTimeFormat());
        int interval = q.interval() == null ? 0 : q.interval();
        if (interval < 0 || interval > TsdbLimits.MAX_INTERVAL_MINUTES) {
            throw new org.openenos.error.OpenEnosException(org.openenos.error.ErrorCode.TSDB_BAD_ARGUMENT,
                    "interval must be between 0 and 1440 minutes");
        }
        TsdbLimits.checkSameFormat(q.startTime(), q.endTime());
        long distinctPoints = terms.stream().map(PointLogic::pointId).distinct().count();
        // Assets whose local times resolve to the same UTC range are read together, one store call per term.
        var assetsByRange = new LinkedHashMap<List<Long>, List<String>>();
        var zones = new LinkedHashMap<String, ZoneId>();
        for (String assetId : q.assetIds()) {
            ZoneId zone = timezones.zoneOf(q.orgId(), assetId);
            long start = TsdbTime.parse("startTime", q.startTime(), zone);
            long end = TsdbTime.parse("endTime", q.endTime(), zone);
            TsdbLimits.checkRange(start, end);
            for (PointLogic term : terms) {
                requireSignal(q.orgId(), assetId, term.pointId(), SignalType.AI);
            }
            zones.put(assetId, zone);
            assetsByRange.computeIfAbsent(List.of(start, end), k -> new ArrayList<>()).add(assetId);
        }
        var buckets = new HashMap<String, List<AggregateBucket>>();
        assetsByRange.forEach((range, assets) -> {
            long start = range.get(0), end = range.get(1);
            for (int t = 0; t < terms.size(); t++) {
                PointLogic term = terms.get(t);
                // interval 0: AI Normalized semantics, the last value of each calendar minute.
                long from = interval == 0 ? ceilMinute(start) : start;
                long width = interval == 0 ? MINUTE : interval * MINUTE;
                var fn = interval == 0 ? AggregateFunction.LAST : term.function();
                int termIndex = t;
                store.aggregate(q.orgId(), assets, term.pointId(), from, end, width, fn)
                        .forEach((assetId, list) -> buckets.put(termIndex + "/" + assetId, list));
            }
        });
        var series = new ArrayList<SeriesData>();
        for (String assetId : q.assetIds()) {
            for (int t = 0; t < terms.size(); t++) {
                PointLogic term = terms.get(t);
                var fn = interval == 0 ? AggregateFunction.LAST : term.function();
                var samples = buckets.getOrDefault(t + "/" + assetId, List.of()).stream().limit(pageSize)
                        .map(b -> new SeriesData.Sample(b.windowStart(), number(fn, b.value()), null)).toList();
                String name = distinctPoints == terms.size() ? term.pointId()
                        : term.function().name().toLowerCase(Locale.ROOT) + "(" + term.pointId() + ")";
                series.add(new SeriesData(assetId, term.pointId(), name, zones.get(assetId), samples));
            }
        }
        var formatter = new ItemFormatter(q.itemFormat(), false, q.localTimeAccuracy(), q.localTimeFormat(), false);
        return new TsdbResult(formatter.format(series));
    }

    public TsdbResult latest(TsdbLatestQuery q) {
        TsdbLimits.check(q.assetIds(), q.pointIds().size(), 1, 0, 0);
        long since = q.timeWindow() == null ? Long.MIN_VALUE : clock.millis() - q.timeWindow() * MINUTE;
        var items = new ArrayList<Map<String, Object>>();
        for (String assetId : q.assetIds()) {
            ZoneId zone = q.withLocalTime() ? timezones.zoneOf(q.orgId(), assetId) : null;
            for (String pointId : q.pointIds()) {
                latest.get(new SeriesKey(q.orgId(), assetId, pointId)).filter(v -> v.time() >= since).ifPresent(v -> {
                    var item = new LinkedHashMap<String, Object>();
                    item.put("assetId", assetId);
                    item.put("pointId", pointId);
                    item.put("timestamp", v.time());
                    if (zone != null) {
                        item.put("localtime", TsdbTime.format(v.time(), zone, false, 0));
                    }
                    item.put("value", v.value());
                    if (v.quality() != null) {
                        item.put("quality", v.quality());
                    }
                    items.add(item);
                });
            }
        }
        return new TsdbResult(items);
    }

    /** Deletes the latest values of the given series (the history stays); returns how many existed. */
    public int deleteLatest(TsdbLatestQuery q) {
        TsdbLimits.check(q.assetIds(), q.pointIds().size(), 1, 0, 0);
        int deleted = 0;
        for (String assetId : q.assetIds()) {
            for (String pointId : q.pointIds()) {
                deleted += latest.delete(new SeriesKey(q.orgId(), assetId, pointId)) ? 1 : 0;
            }
        }
        return deleted;
    }

    private TsdbResult read(TsdbQuery q, SignalType signal, Predicate<Object> valueFilter) {
        int pageSize = TsdbLimits.check(q.assetIds(), q.pointIds().size(), q.pageSize(), q.itemFormat(),
                q.localTimeFormat());
        TsdbLimits.checkSameFormat(q.startTime(), q.endTime());
        var series = new ArrayList<SeriesData>();
        for (String assetId : q.assetIds()) {
            ZoneId zone = timezones.zoneOf(q.orgId(), assetId);
            long start = TsdbTime.parse("startTime", q.startTime(), zone);
            long end = TsdbTime.parse("endTime", q.endTime(), zone);
            TsdbLimits.checkRange(start, end);
            for (String pointId : q.pointIds()) {
                if (signal != null) {
                    requireSignal(q.orgId(), assetId, pointId, signal);
                }
                var key = new SeriesKey(q.orgId(), assetId, pointId);
                List<SeriesData.Sample> samples = store.range(key, start, end + 1, pageSize, q.descending()).stream()
                        .filter(v -> valueFilter.test(v.value()))
                        .map(TsdbQueryService::sample).toList();
                series.add(new SeriesData(assetId, pointId, pointId, zone, samples));
            }
        }
        var formatter = new ItemFormatter(q.itemFormat(), q.withQuality(), q.localTimeAccuracy(),
                q.localTimeFormat(), q.descending());
        return new TsdbResult(formatter.format(series));
    }

    private void requireSignal(String orgId, String assetId, String pointId, SignalType expected) {
        signals.signalType(orgId, assetId, pointId).filter(t -> t != expected).ifPresent(t -> {
            throw new org.openenos.error.OpenEnosException(org.openenos.error.ErrorCode.TSDB_BAD_ARGUMENT,
                    "point " + pointId + " of asset " + assetId + " is " + t + ", not " + expected);
        });
    }

    private static SeriesData.Sample sample(MeasurePointValue v) {
        return new SeriesData.Sample(v.time(), v.value(), v.quality());
    }

    private static Object number(AggregateFunction fn, double value) {
        return fn == AggregateFunction.COUNT ? (Object) (long) value : (Object) value;
    }

    private static long ceilMinute(long time) {
        return Math.floorDiv(time + MINUTE - 1, MINUTE) * MINUTE;
    }
}
