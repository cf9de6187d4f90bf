package org.openenos.reporting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openenos.model.MeasurePointValue;
import org.openenos.reporting.ExportDefinition.Values;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * What a renderer reads: the series of one run over its window, as rows streamed from the store in pages (raw
 * values) or as the store's aggregate windows (which it answers from its rollups), plus per-series summaries and the
 * chart series of a report. Reading twice reads the store twice, so renderers of several formats share nothing but
 * this description.
 */
public final class ReportContent {
    /** Raw values read from the store per call. */
    static final int PAGE = 10_000;
    /** Points of a report's chart: five-minute windows over a day. */
    static final int CHART_POINTS = 288;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** One exported value: raw (with its quality, when it has one), or an aggregate window starting at {@code time}. */
    public record Row(String assetId, String pointId, long time, String localTime, Object value, Integer quality) {
        public Row(String assetId, String pointId, long time, String localTime, Object value) {
            this(assetId, pointId, time, localTime, value, null);
        }
    }

    @FunctionalInterface
    public interface RowSink {
        void accept(Row row) throws java.io.IOException;
    }

    /** Numbers of one series over the window; {@code count} 0 leaves the others NaN. */
    public record Summary(String assetId, String pointId, long count, double min, double max, double avg) {
    }

    public record Chart(String assetId, String pointId, long intervalMillis, List<AggregateBucket> points) {
    }

    private final ExportDefinition definition;
    private final RelativePeriod.Window window;
    private final List<SeriesKey> series;
    private final TimeSeriesStore store;

    public ReportContent(ExportDefinition definition, RelativePeriod.Window window, List<String> assetIds,
                         TimeSeriesStore store) {
        this.definition = definition;
        this.window = window;
        this.store = store;
        List<SeriesKey> keys = new ArrayList<>();
        for (String asset : assetIds) {
            for (String point : definition.selection().pointIds()) {
                keys.add(new SeriesKey(definition.orgId(), asset, point));
            }
        }
        this.series = List.copyOf(keys);
    }

    public ExportDefinition definition() {
        return definition;
    }

    public RelativePeriod.Window window() {
        return window;
    }

    public List<SeriesKey> series() {
        return series;
    }

    /** The report's title, else the definition's name. */
    public String title() {
        return definition.report() != null && definition.report().title() != null ? definition.report().title()
                : definition.name();
    }

    /** {@code value} for raw exports, else the function's name, e.g. {@code avg}. */
    public String valueColumn() {
        return definition.values() == Values.RAW ? "value"
                : definition.function().name().toLowerCase(Locale.ROOT) + "_" + definition.intervalMinutes() + "m";
    }

    /** The local time of {@code millis} in the export's zone, as {@code yyyy-MM-dd HH:mm:ss}. */
    public String localTime(long millis) {
        return LOCAL.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), window.zone()));
    }

    /** The window as text for headings: {@code 2026-12-05 00:00:00 – 2026-12-06 00:00:00 (Europe/Berlin)}. */
    public String periodText() {
        return localTime(window.fromMillis()) + " – " + localTime(window.toMillis()) + " (" + window.zone().getId() + ")";
    }

    /** Every row, series by series, ascending in time; one page of the store in memory at a time. */
    public long forEachRow(RowSink sink) throws java.io.IOException {
        long rows = 0;
        long from = window.fromMillis();
        long to = window.toMillis();
        for (SeriesKey key : series) {
            if (definition.values() == Values.AGGREGATE) {
                long interval = Duration.ofMinutes(definition.intervalMinutes()).toMillis();
                for (AggregateBucket b : store.aggregate(key, from, to, interval, definition.function())) {
                    sink.accept(new Row(key.assetId(), key.pointId(), b.windowStart(), localTime(b.windowStart()),
                            b.value()));
                    rows++;
                }
                continue;
            }
            // A series holds one value per millisecond, so the next page starts just after the last time read.
            for (long start = from; start < to; ) {
                List<MeasurePointValue> page = store.range(key, start, to, PAGE, false);
                for (MeasurePointValue v : page) {
                    sink.accept(new Row(key.assetId(), key.pointId(), v.time(), localTime(v.time()), v.value(),
                            v.quality()));
                }
                rows += page.size();
                if (page.size() < PAGE) {
                    break;
                }
                start = page.getLast().time() + 1;
            }
        }
        return rows;
    }

    /** Count, min, max and average of each series' numeric values over the whole window. */
    public List<Summary> summaries() {
        long from = window.fromMillis();
        long to = window.toMillis();
        long all = Math.max(1, to - from);
        List<Summary> result = new ArrayList<>();
        for (SeriesKey key : series) {
            double count = single(key, from, to, all, AggregateFunction.COUNT);
            if (Double.isNaN(count) || count == 0) {
                result.add(new Summary(key.assetId(), key.pointId(), 0, Double.NaN, Double.NaN, Double.NaN));
                continue;
            }
            result.add(new Summary(key.assetId(), key.pointId(), (long) count,
                    single(key, from, to, all, AggregateFunction.MIN), single(key, from, to, all, AggregateFunction.MAX),
                    single(key, from, to, all, AggregateFunction.AVG)));
        }
        return result;
    }

    /** The report's chart series: averages over about {@value #CHART_POINTS} windows of whole minutes. */
    public Optional<Chart> chart() {
        ExportDefinition.ReportTemplate t = definition.report();
        if (t == null || t.chartPointId() == null || t.chartPointId().isBlank()) {
            return Optional.empty();
        }
        long length = window.toMillis() - window.fromMillis();
        long minute = 60_000;
        long interval = Math.max(minute, (length / CHART_POINTS + minute - 1) / minute * minute);
        var key = new SeriesKey(definition.orgId(), t.chartAssetId(), t.chartPointId());
        return Optional.of(new Chart(t.chartAssetId(), t.chartPointId(), interval,
                store.aggregate(key, window.fromMillis(), window.toMillis(), interval, AggregateFunction.AVG)));
    }

    private double single(SeriesKey key, long from, long to, long interval, AggregateFunction f) {
        List<AggregateBucket> b = store.aggregate(key, from, to, interval, f);
        return b.isEmpty() ? Double.NaN : b.getFirst().value();
    }
}
