package org.openenos.timeseries;

/**
 * A window's aggregate state: what a rollup row holds and what raw values reduce to, merged in time order (a later
 * part's first value never replaces an earlier part's). Any {@link AggregateFunction} is derived from it. Shared by
 * the store adapters; mutable on purpose, as readers fill one per window while scanning rows.
 */
public final class WindowPartial {
    public long count;
    public double sum, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, first = Double.NaN, last = Double.NaN;

    /** Merges a part that lies after everything merged so far. */
    public void add(long count, double sum, double min, double max, double first, double last) {
        if (count == 0) {
            return;
        }
        if (this.count == 0) {
            this.first = first;
        }
        this.count += count;
        this.sum += sum;
        this.min = Math.min(this.min, min);
        this.max = Math.max(this.max, max);
        this.last = last;
    }

    public double value(AggregateFunction fn) {
        return switch (fn) {
            case COUNT -> count;
            case AVG -> sum / count;
            case SUM -> sum;
            case MIN -> min;
            case MAX -> max;
            case FIRST -> first;
            case LAST -> last;
        };
    }
}
