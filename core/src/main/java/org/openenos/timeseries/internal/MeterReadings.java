package org.openenos.timeseries.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.openenos.model.MeasurePointValue;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * Reads PI meter series as minute energies (see {@link MeterEnergy}): the store gives the last reading of each
 * minute in one aggregate statement, so a day costs at most 1,440 rows however often the meter reports.
 */
public final class MeterReadings {
    public static final long MINUTE = 60_000;
    private final TimeSeriesStore store;
    private final SeriesPages pages;

    public MeterReadings(TimeSeriesStore store) {
        this.store = store;
        this.pages = new SeriesPages(store);
    }

    /** Minute energies of a range and whether any reading lies in it. */
    public record Energies(List<AggregateBucket> minutes, boolean hasReadings) {
    }

    /**
     * Minute energies of {@code (from, to]}: a reading states the energy counted up to its time, so a reading exactly
     * at a boundary closes the window before it (the midnight reading ends the previous day). The energy of the minute
     * reported at {@code from + k·minute} is that of {@code (from + k·minute, from + (k+1)·minute]}, and the baseline
     * is the last reading at or before {@code from}.
     */
    public Energies minutes(SeriesKey key, long from, long to) {
        List<AggregateBucket> last = to > from
                ? store.aggregate(key, from + 1, to + 1, MINUTE, AggregateFunction.LAST).stream()
                        .map(b -> new AggregateBucket(b.windowStart() - 1, b.value())).toList()
                : List.of();
        MeasurePointValue before = pages.lastBefore(key, from + 1);
        Double baseline = before != null && before.value() instanceof Number n ? n.doubleValue() : null;
        return new Energies(MeterEnergy.deltas(baseline, last), !last.isEmpty());
    }

    /** Windows of {@code minutes} minutes aligned to {@code start}. */
    public static LongUnaryOperator fixedWindows(long start, long minutes) {
        long width = minutes * MINUTE;
        return t -> start + Math.floorDiv(t - start, width) * width;
    }

    /**
     * Windows of one local calendar day from {@code start} in {@code zone}: 23 or 25 hours long across a daylight
     * saving change, so that a daily energy is the energy of the day as the site lives it.
     */
    public static LongUnaryOperator localDays(long start, ZoneId zone) {
        ZonedDateTime first = Instant.ofEpochMilli(start).atZone(zone);
        return t -> {
            ZonedDateTime at = Instant.ofEpochMilli(t).atZone(zone);
            long days = ChronoUnit.DAYS.between(first, at);
            long window = first.plusDays(days).toInstant().toEpochMilli();
            return window > t ? first.plusDays(days - 1).toInstant().toEpochMilli() : window;
        };
    }
}
