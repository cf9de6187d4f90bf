package org.openenos.timeseries.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;

/**
 * Energy from PI meter points, which carry an accumulating reading (e.g. kWh since installation). The energy of a
 * minute is the last reading of that minute minus the reading before it; a reading lower than the one before is taken
 * as a meter reset or replacement, and the new reading counts from zero. When readings are missing for some minutes,
 * the whole difference lands in the minute of the next reading, so no energy is lost or counted twice.
 */
public final class MeterEnergy {
    private MeterEnergy() {
    }

    /**
     * Energy per bucket from the last reading of each bucket (ascending); {@code baseline} is the last reading before
     * the first bucket, null when there is none (then the first bucket only sets the baseline).
     */
    public static List<AggregateBucket> deltas(Double baseline, List<AggregateBucket> lastReadings) {
        var energy = new ArrayList<AggregateBucket>(lastReadings.size());
        Double previous = baseline;
        for (AggregateBucket reading : lastReadings) {
            if (previous != null) {
                double delta = reading.value() - previous;
                energy.add(new AggregateBucket(reading.windowStart(), delta >= 0 ? delta : reading.value()));
            }
            previous = reading.value();
        }
        return energy;
    }

    /**
     * Aggregates energies (ascending) into windows: {@code windowOf} maps a time to the start of its window. Windows
     * without energies are left out, as the store does for aggregates.
     */
    public static List<AggregateBucket> windows(List<AggregateBucket> energies, LongUnaryOperator windowOf,
                                                AggregateFunction fn) {
        var result = new ArrayList<AggregateBucket>();
        long window = 0;
        Accumulator acc = null;
        for (AggregateBucket e : energies) {
            long w = windowOf.applyAsLong(e.windowStart());
            if (acc == null || w != window) {
                if (acc != null) {
                    result.add(new AggregateBucket(window, acc.result()));
                }
                window = w;
                acc = new Accumulator(fn);
            }
            acc.add(e.value());
        }
        if (acc != null) {
            result.add(new AggregateBucket(window, acc.result()));
        }
        return result;
    }

    /** Sum of all energies: the energy of the whole range. */
    public static double total(List<AggregateBucket> energies) {
        double sum = 0;
        for (AggregateBucket e : energies) {
            sum += e.value();
        }
        return sum;
    }

    private static final class Accumulator {
        private final AggregateFunction fn;
        private long count;
        private double sum, max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY, first, last;

        Accumulator(AggregateFunction fn) {
            this.fn = fn;
        }

        void add(double v) {
            if (count == 0) {
                first = v;
            }
            count++;
            sum += v;
            max = Math.max(max, v);
            min = Math.min(min, v);
            last = v;
        }

        double result() {
            return switch (fn) {
                case COUNT -> count;
                case AVG -> sum / count;
                case SUM -> sum;
                case MAX -> max;
                case MIN -> min;
                case FIRST -> first;
                case LAST -> last;
            };
        }
    }
}
