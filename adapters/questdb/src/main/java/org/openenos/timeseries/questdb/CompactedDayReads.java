package org.openenos.timeseries.questdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.openenos.model.MeasurePointValue;
import org.openenos.parquet.SeriesDayFile;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.WindowPartial;

/**
 * Raw reads over compacted days (ADR 0136): a compacted day's values are its day file's values of the series asked,
 * with the table's rows of that day (repeats and late values posted after compaction) winning per time. Days that
 * are not compacted are read from the table alone, as before. Every read is checked against the day files'
 * generation and done again if compaction or retention changed the files meanwhile.
 */
final class CompactedDayReads {
    private final QuestDbReader table;
    private final DayFiles files;

    CompactedDayReads(QuestDbReader table, DayFiles files) {
        this.table = table;
        this.files = files;
    }

    DayFiles files() {
        return files;
    }

    /** Runs {@code read} until no day file appeared, changed or vanished while it ran. */
    <T> T consistent(Supplier<T> read) {
        while (true) {
            long generation = files.generation();
            try {
                T result = read.get();
                if (files.generation() == generation) {
                    return result;
                }
            } catch (UncheckedIOException e) {
                if (files.generation() == generation) {
                    throw e;
                }
            }
        }
    }

    List<MeasurePointValue> range(SeriesKey s, long from, long to, int limit, boolean descending) {
        List<LocalDate> days = new ArrayList<>(files.within(from, to));
        if (descending) {
            Collections.reverse(days);
        }
        // The table's first `limit` rows bound the answer: a file value beyond them cannot be among the first `limit`.
        List<MeasurePointValue> rows = table.tableRange(s, from, to, limit, descending);
        if (rows.isEmpty()) {
            return fromFilesOnly(s, days, from, to, limit, descending);
        }
        var merged = new TreeMap<Long, MeasurePointValue>();
        for (MeasurePointValue v : rows) {
            merged.put(v.time(), v);
        }
        for (int d = 0; d < days.size(); d++) {
            for (MeasurePointValue v : fileValues(s, days.get(d), from, to)) {
                merged.putIfAbsent(v.time(), v);
            }
            if (d + 1 < days.size() && merged.size() >= limit) {
                long kth = nth(descending ? merged.descendingMap().keySet() : merged.keySet(), limit);
                long next = DayFiles.start(days.get(d + 1));
                if (descending ? kth >= next + DayFiles.DAY : kth < next) {
                    break;
                }
            }
        }
        var ordered = descending ? merged.descendingMap().values() : merged.values();
        return ordered.stream().limit(limit).toList();
    }

    /** The usual case of an old range: nothing in the table to merge, the files' values in order. */
    private List<MeasurePointValue> fromFilesOnly(SeriesKey s, List<LocalDate> days, long from, long to, int limit,
                                                  boolean descending) {
        var result = new ArrayList<MeasurePointValue>();
        for (int d = 0; d < days.size() && result.size() < limit; d++) {
            List<MeasurePointValue> values = fileValues(s, days.get(d), from, to);
            if (descending) {
                Collections.reverse(values);
            }
            result.addAll(values.subList(0, Math.min(values.size(), limit - result.size())));
        }
        return result;
    }

    private static long nth(Iterable<Long> times, int n) {
        long last = 0;
        int i = 0;
        for (long t : times) {
            last = t;
            if (++i == n) {
                break;
            }
        }
        return last;
    }

    /**
     * The partials of {@link QuestDbReader#partials}: table statements for the stretches between compacted days,
     * merged values for the compacted days, combined per window in time order.
     */
    void partials(String orgId, List<String> assetIds, String pointId, long from, long to, long origin, long interval,
                  QuestDbReader.PartialSink sink) {
        var windows = new LinkedHashMap<String, TreeMap<Long, WindowPartial>>();
        assetIds.forEach(a -> windows.put(a, new TreeMap<>()));
        QuestDbReader.PartialSink collect = (asset, k, p) -> windows.get(asset)
                .computeIfAbsent(k, x -> new WindowPartial()).add(p.count, p.sum, p.min, p.max, p.first, p.last);
        long cursor = from;
        for (LocalDate day : files.within(from, to)) {
            long start = Math.max(from, DayFiles.start(day)), end = Math.min(to, DayFiles.start(day) + DayFiles.DAY);
            if (cursor < start) {
                table.tablePartials(orgId, assetIds, pointId, cursor, start, origin, interval, collect);
            }
            for (String asset : assetIds) {
                var one = new WindowPartial();
                for (MeasurePointValue v : range(new SeriesKey(orgId, asset, pointId), start, end, Integer.MAX_VALUE,
                        false)) {
                    double x = ValueColumns.of(v.value()).num(); // as the table aggregates: booleans as 1/0
                    if (!Double.isNaN(x)) {
                        one.count = 1;
                        one.sum = one.min = one.max = one.first = one.last = x;
                        collect.accept(asset, (v.time() - origin) / interval, one);
                    }
                }
            }
            cursor = end;
        }
        if (cursor < to) {
            table.tablePartials(orgId, assetIds, pointId, cursor, to, origin, interval, collect);
        }
        windows.forEach((asset, byWindow) -> byWindow.forEach((k, p) -> sink.accept(asset, k, p)));
    }

    Map<String, List<AggregateBucket>> aggregate(String orgId, List<String> assetIds, String pointId, long from,
                                                 long to, long interval, AggregateFunction fn) {
        var byAsset = new LinkedHashMap<String, List<AggregateBucket>>();
        assetIds.forEach(a -> byAsset.put(a, new ArrayList<>()));
        partials(orgId, assetIds, pointId, from, to, from, interval, (asset, k, p) ->
                byAsset.get(asset).add(new AggregateBucket(from + k * interval, p.value(fn))));
        return byAsset;
    }

    /** The table's newest value of every series, or a day file's where that is newer (the table's at equal times). */
    void forEachLatest(Consumer<MeasurePointValue> sink) {
        var latest = new HashMap<String, MeasurePointValue>();
        table.tableLatest(v -> latest.put(v.orgId() + '\t' + v.assetId() + '\t' + v.pointId(), v));
        for (LocalDate day : files.newestFirst()) {
            List<SeriesDayFile.Latest> inFile;
            try {
                inFile = SeriesDayFile.latest(files.file(day));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the day file of " + day, e);
            }
            for (var l : inFile) {
                var v = l.value();
                latest.merge(l.org() + '\t' + l.asset() + '\t' + l.point(), value(l.org(), l.asset(), l.point(), v),
                        (known, file) -> file.time() > known.time() ? file : known);
            }
        }
        latest.values().forEach(sink);
    }

    private List<MeasurePointValue> fileValues(SeriesKey s, LocalDate day, long from, long to) {
        long start = Math.max(from, DayFiles.start(day)), end = Math.min(to, DayFiles.start(day) + DayFiles.DAY);
        List<SeriesDayFile.Value> values;
        try {
            values = SeriesDayFile.read(files.file(day), s.orgId(), s.assetId(), s.pointId(), start, end);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the day file of " + day, e);
        }
        var result = new ArrayList<MeasurePointValue>(values.size());
        for (var v : values) {
            result.add(value(s.orgId(), s.assetId(), s.pointId(), v));
        }
        return result;
    }

    private static MeasurePointValue value(String org, String asset, String point, SeriesDayFile.Value v) {
        return new MeasurePointValue(org, null, asset, point, v.time(), ValueColumns.value(v.kind(), v.num(),
                v.text()), v.quality());
    }
}
