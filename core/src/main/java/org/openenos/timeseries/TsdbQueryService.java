package org.openenos.timeseries;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
import org.openenos.timeseries.internal.DaySegments;
import org.openenos.timeseries.internal.DiDurations;
import org.openenos.timeseries.internal.ItemFormatter;
import org.openenos.timeseries.internal.LatestFilter;
import org.openenos.timeseries.internal.MeterEnergy;
import org.openenos.timeseries.internal.MeterReadings;
import org.openenos.timeseries.internal.PageCursor;
import org.openenos.timeseries.internal.PointLogic;
import org.openenos.timeseries.internal.SeriesData;
import org.openenos.timeseries.internal.SeriesPages;
import org.openenos.timeseries.internal.TsdbLimits;
import org.openenos.timeseries.internal.TsdbTime;

/**
 * The use cases of the TSDB Data Service v2.1: raw, ai, di, di/duration, generic, ai-normalized, electric-power,
 * electric-power/current-day, latest, latest/filter and latest deletion. Raw ranges include both ends; aggregation
 * windows and durations are {@code [start, end)}. Every argument error is an {@code OpenEnosException} with
 * {@code TSDB_BAD_ARGUMENT} (80400). Callers check access to the organization first.
 */
public final class TsdbQueryService {
    private static final long MINUTE = 60_000;

    private final TimeSeriesStore store;
    private final LatestValues latest;
    private final AssetTimezones timezones;
    private final PointSignalTypes signals;
    private final Clock clock;
    private final SeriesPages pages;
    private final DiDurations durations;
    private final MeterReadings meters;

    public TsdbQueryService(TimeSeriesStore store, LatestValues latest, AssetTimezones timezones,
                            PointSignalTypes signals, Clock clock) {
        this.store = store;
        this.latest = latest;
        this.timezones = timezones;
        this.signals = signals;
        this.clock = clock;
        this.pages = new SeriesPages(store);
        this.durations = new DiDurations(store);
        this.meters = new MeterReadings(store);
    }

    /** All point types. */
    public TsdbResult raw(TsdbQuery q) {
        return read("raw", q, null, v -> true);
    }

    /** AI points, numeric values only. */
    public TsdbResult ai(TsdbQuery q) {
        return read("ai", q, SignalType.AI, v -> v instanceof Number);
    }

    /**
     * DI points, changes of state only; the range starts with the state at its start, traced back up to 30 days
     * when no value lies exactly there (reported with the start time).
     */
    public TsdbResult di(TsdbQuery q) {
        return read("di", q, SignalType.DI, v -> true);
    }

    public TsdbResult generic(TsdbQuery q) {
        return read("generic", q, SignalType.Generic, v -> true);
    }

    /** How long each state of DI points held within {@code [start, end)}; one item per asset and point. */
    public TsdbResult diDuration(TsdbDurationQuery q) {
        TsdbLimits.check(q.assetIds(), q.pointIds().size(), 1, 0, 0);
        TsdbLimits.checkSameFormat(q.startTime(), q.endTime());
        long now = clock.millis();
        var items = new ArrayList<Map<String, Object>>();
        for (String assetId : q.assetIds()) {
            ZoneId zone = timezones.zoneOf(q.orgId(), assetId);
            long start = TsdbTime.parse("startTime", q.startTime(), zone);
            long end = TsdbTime.parse("endTime", q.endTime(), zone);
            TsdbLimits.checkRange(start, end);
            for (String pointId : q.pointIds()) {
                requireSignal(q.orgId(), assetId, pointId, SignalType.DI);
                items.add(durations.item(new SeriesKey(q.orgId(), assetId, pointId), start, end, now, q.status(),
                        q.withUnknown()));
            }
        }
        return new TsdbResult(items);
    }

    /**
     * Energy of PI meter points: per window the increase of the reading (see {@link MeterEnergy}), aggregated over
     * the minutes of the window by the term's function ({@code sum} is the energy of the window). A meter reading
     * closes the time before it, so windows are {@code (start, end]} for readings. Interval 0 gives the energy of
     * each minute; interval 1440 gives local calendar days of the asset.
     */
    public TsdbResult electricPower(TsdbAggregateQuery q) {
        List<PointLogic> terms = PointLogic.parseAll(q.pointIdsWithLogic());
        int pageSize = TsdbLimits.check(q.assetIds(), terms.size(), q.pageSize(), q.itemFormat(), q.localTimeFormat());
        int interval = checkInterval(q.interval());
        TsdbLimits.checkSameFormat(q.startTime(), q.endTime());
        long distinctPoints = terms.stream().map(PointLogic::pointId).distinct().count();
        var series = new ArrayList<SeriesData>();
        for (String assetId : q.assetIds()) {
            ZoneId zone = timezones.zoneOf(q.orgId(), assetId);
            long start = TsdbTime.parse("startTime", q.startTime(), zone);
            long end = TsdbTime.parse("endTime", q.endTime(), zone);
            TsdbLimits.checkRange(start, end);
            for (PointLogic term : terms) {
                requireSignal(q.orgId(), assetId, term.pointId(), SignalType.PI);
            }
            for (PointLogic term : terms) {
                var key = new SeriesKey(q.orgId(), assetId, term.pointId());
                long from = interval == 0 ? ceilMinute(start) : start;
                List<AggregateBucket> minutes = meters.minutes(key, from, end).minutes();
                List<AggregateBucket> buckets = interval == 0 ? minutes : MeterEnergy.windows(minutes,
                        interval == TsdbLimits.MAX_INTERVAL_MINUTES ? MeterReadings.localDays(start, zone)
                                : MeterReadings.fixedWindows(start, interval), term.function());
                var fn = interval == 0 ? AggregateFunction.SUM : term.function();
                var samples = buckets.stream().limit(pageSize)
                        .map(b -> new SeriesData.Sample(b.windowStart(), number(fn, b.value()), null)).toList();
                series.add(new SeriesData(assetId, term.pointId(), termName(term, distinctPoints == terms.size()),
                        zone, samples));
            }
        }
        var formatter = new ItemFormatter(q.itemFormat(), false, q.localTimeAccuracy(), q.localTimeFormat(), false);
        return new TsdbResult(formatter.format(series));
    }

    /**
     * Energy of PI meter points since local midnight of each asset until now (the increase from the last reading at
     * or before midnight), one item per asset and point keyed {@code sum(pointId)} at the midnight's time; a point
     * without a reading today has no item.
     */
    public TsdbResult electricPowerCurrentDay(TsdbCurrentDayQuery q) {
        TsdbLimits.check(q.assetIds(), q.pointIds().size(), 1, q.itemFormat(), q.localTimeFormat());
        long now = clock.millis();
        var series = new ArrayList<SeriesData>();
        for (String assetId : q.assetIds()) {
            ZoneId zone = timezones.zoneOf(q.orgId(), assetId);
            long midnight = LocalDate.ofInstant(Instant.ofEpochMilli(now), zone)
                    .atStartOfDay(zone).toInstant().toEpochMilli();
            for (String pointId : q.pointIds()) {
                requireSignal(q.orgId(), assetId, pointId, SignalType.PI);
                var energies = meters.minutes(new SeriesKey(q.orgId(), assetId, pointId), midnight, now);
                List<SeriesData.Sample> samples = energies.hasReadings()
                        ? List.of(new SeriesData.Sample(midnight, MeterEnergy.total(energies.minutes()), null))
                        : List.of();
                series.add(new SeriesData(assetId, pointId, "sum(" + pointId + ")", zone, samples));
            }
        }
        var formatter = new ItemFormatter(q.itemFormat(), false, q.localTimeAccuracy(), q.localTimeFormat(), false);
        return new TsdbResult(formatter.format(series));
    }

    /**
     * Aggregates of AI points per window of {@code interval} minutes from the start; interval 1440 gives local
     * calendar days of each asset (23 or 25 hours across a daylight-saving change), interval 0 the last value of each
     * minute.
     */
    public TsdbResult aiNormalized(TsdbAggregateQuery q) {
        List<PointLogic> terms = PointLogic.parseAll(q.pointIdsWithLogic());
        int pageSize = TsdbLimits.check(q.assetIds(), terms.size(), q.pageSize(), q.itemFormat(), q.localTimeFormat());
        int interval = checkInterval(q.interval());
        TsdbLimits.checkSameFormat(q.startTime(), q.endTime());
        long distinctPoints = terms.stream().map(PointLogic::pointId).distinct().count();
        // Assets whose local times resolve to the same UTC range are read together, one store call per term; daily
        // windows follow local days, so for them the timezone is part of the range too.
        boolean daily = interval == TsdbLimits.MAX_INTERVAL_MINUTES;
        var assetsByRange = new LinkedHashMap<List<Object>, List<String>>();
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
            assetsByRange.computeIfAbsent(daily ? List.of(start, end, zone) : List.of(start, end),
                    k -> new ArrayList<>()).add(assetId);
        }
        var buckets = new HashMap<String, List<AggregateBucket>>();
        assetsByRange.forEach((range, assets) -> {
            long start = (Long) range.get(0), end = (Long) range.get(1);
            // interval 0: AI Normalized semantics, the last value of each calendar minute.
            List<DaySegments.Segment> segments = daily ? DaySegments.of(start, end, (ZoneId) range.get(2))
                    : List.of(interval == 0 ? new DaySegments.Segment(ceilMinute(start), end, MINUTE)
                            : new DaySegments.Segment(start, end, interval * MINUTE));
            for (int t = 0; t < terms.size(); t++) {
                PointLogic term = terms.get(t);
                var fn = interval == 0 ? AggregateFunction.LAST : term.function();
                for (DaySegments.Segment segment : segments) {
                    int termIndex = t;
                    store.aggregate(q.orgId(), assets, term.pointId(), segment.from(), segment.to(), segment.width(),
                            fn).forEach((assetId, list) -> buckets.computeIfAbsent(termIndex + "/" + assetId,
                            k -> new ArrayList<>()).addAll(list));
                }
            }
        });
        var series = new ArrayList<SeriesData>();
        for (String assetId : q.assetIds()) {
            for (int t = 0; t < terms.size(); t++) {
                PointLogic term = terms.get(t);
                var fn = interval == 0 ? AggregateFunction.LAST : term.function();
                var samples = buckets.getOrDefault(t + "/" + assetId, List.of()).stream().limit(pageSize)
                        .map(b -> new SeriesData.Sample(b.windowStart(), number(fn, b.value()), null)).toList();
                series.add(new SeriesData(assetId, term.pointId(), termName(term, distinctPoints == terms.size()),
                        zones.get(assetId), samples));
            }
        }
        var formatter = new ItemFormatter(q.itemFormat(), false, q.localTimeAccuracy(), q.localTimeFormat(), false);
        return new TsdbResult(formatter.format(series));
    }

    public TsdbResult latest(TsdbLatestQuery q) {
        TsdbLimits.check(q.assetIds(), q.pointIds().size(), 1, 0, 0);
        long since = since(q.timeWindow());
        var keys = new ArrayList<SeriesKey>(q.assetIds().size() * q.pointIds().size());
        for (String assetId : q.assetIds()) {
            for (String pointId : q.pointIds()) {
                keys.add(new SeriesKey(q.orgId(), assetId, pointId));
            }
        }
        Map<SeriesKey, MeasurePointValue> found = latest.get(keys);
        var items = new ArrayList<Map<String, Object>>();
        for (SeriesKey key : keys) {
            MeasurePointValue v = found.get(key);
            if (v == null || v.time() < since) {
                continue;
            }
            var item = new LinkedHashMap<String, Object>();
            item.put("assetId", key.assetId());
            item.put("pointId", key.pointId());
            item.put("timestamp", v.time());
            if (q.withLocalTime()) {
                item.put("localtime", TsdbTime.format(v.time(), timezones.zoneOf(q.orgId(), key.assetId()), false, 0));
            }
            item.put("value", v.value());
            if (v.quality() != null) {
                item.put("quality", v.quality());
            }
            items.add(item);
        }
        return new TsdbResult(items);
    }

    /**
     * The latest value of one point for several assets, for the assets whose value satisfies the filter (and is
     * within {@code timeWindow}); items {@code {assetId, <pointId>: value, timestamp, localtime?}}.
     */
    public TsdbResult latestFilter(TsdbLatestFilterQuery q) {
        if (q.pointId() == null || q.pointId().isBlank() || q.pointId().contains(",")) {
            throw bad("pointId is required: one point");
        }
        TsdbLimits.check(q.assetIds(), 1, 1, 0, 0);
        LatestFilter filter = LatestFilter.parse(q.operator(), q.valueFilter());
        long since = since(q.timeWindow());
        String pointId = q.pointId().trim();
        List<SeriesKey> keys = q.assetIds().stream().map(a -> new SeriesKey(q.orgId(), a, pointId)).toList();
        Map<SeriesKey, MeasurePointValue> found = latest.get(keys);
        var items = new ArrayList<Map<String, Object>>();
        for (SeriesKey key : keys) {
            MeasurePointValue v = found.get(key);
            if (v == null || v.time() < since || !filter.test(pointId, v.value())) {
                continue;
            }
            var item = new LinkedHashMap<String, Object>();
            item.put("assetId", key.assetId());
            item.put(pointId, v.value());
            item.put("timestamp", v.time());
            if (q.withLocalTime()) {
                item.put("localtime", TsdbTime.format(v.time(), timezones.zoneOf(q.orgId(), key.assetId()),
                        q.localTimeAccuracy(), 0));
            }
            items.add(item);
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

    private TsdbResult read(String kind, TsdbQuery q, SignalType signal, Predicate<Object> valueFilter) {
        int pageSize = TsdbLimits.check(q.assetIds(), q.pointIds().size(), q.pageSize(), q.itemFormat(),
                q.localTimeFormat());
        TsdbLimits.checkSameFormat(q.startTime(), q.endTime());
        String fingerprint = PageCursor.fingerprint(kind, q.orgId(), q.assetIds(), q.pointIds(), q.startTime(),
                q.endTime(), q.descending());
        long[] positions = PageCursor.decode(q.pageToken(), fingerprint, q.assetIds().size() * q.pointIds().size());
        var series = new ArrayList<SeriesData>();
        int index = 0;
        for (String assetId : q.assetIds()) {
            ZoneId zone = timezones.zoneOf(q.orgId(), assetId);
            long start = TsdbTime.parse("startTime", q.startTime(), zone);
            long end = TsdbTime.parse("endTime", q.endTime(), zone);
            TsdbLimits.checkRange(start, end);
            for (String pointId : q.pointIds()) {
                if (signal != null) {
                    requireSignal(q.orgId(), assetId, pointId, signal);
                }
                var page = pages.read(new SeriesKey(q.orgId(), assetId, pointId), start, end, positions[index],
                        pageSize, q.descending(), signal == SignalType.DI, valueFilter);
                positions[index++] = page.next();
                series.add(new SeriesData(assetId, pointId, pointId, zone, page.samples()));
            }
        }
        var formatter = new ItemFormatter(q.itemFormat(), q.withQuality(), q.localTimeAccuracy(),
                q.localTimeFormat(), q.descending());
        return new TsdbResult(formatter.format(series), PageCursor.encode(fingerprint, positions));
    }

    private static int checkInterval(Integer value) {
        int interval = value == null ? 0 : value;
        if (interval < 0 || interval > TsdbLimits.MAX_INTERVAL_MINUTES) {
            throw bad("interval must be between 0 and 1440 minutes");
        }
        return interval;
    }

    private long since(Integer timeWindow) {
        if (timeWindow != null && timeWindow < 0) {
            throw bad("timeWindow must be 0 or more minutes");
        }
        return timeWindow == null ? Long.MIN_VALUE : clock.millis() - timeWindow * MINUTE;
    }

    private static String termName(PointLogic term, boolean pointsDistinct) {
        return pointsDistinct ? term.pointId()
                : term.function().name().toLowerCase(Locale.ROOT) + "(" + term.pointId() + ")";
    }

    private static org.openenos.error.OpenEnosException bad(String message) {
        return new org.openenos.error.OpenEnosException(org.openenos.error.ErrorCode.TSDB_BAD_ARGUMENT, message);
    }

    private void requireSignal(String orgId, String assetId, String pointId, SignalType expected) {
        signals.signalType(orgId, assetId, pointId).filter(t -> t != expected).ifPresent(t -> {
            throw bad("point " + pointId + " of asset " + assetId + " is " + t + ", not " + expected);
        });
    }

    private static Object number(AggregateFunction fn, double value) {
        return fn == AggregateFunction.COUNT ? (Object) (long) value : (Object) value;
    }

    private static long ceilMinute(long time) {
        return Math.floorDiv(time + MINUTE - 1, MINUTE) * MINUTE;
    }
}
