package org.openenos.timeseries.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openenos.model.MeasurePointValue;

/**
 * DI (state) semantics of the TSDB API: the {@code di} query reports only changes of state, and {@code di/duration}
 * sums how long each state held. The state before a range is the last value within {@link #LOOKBACK} before it,
 * as EnOS traces the state back 30 days when a range starts without a value.
 */
public final class DiStates {
    public static final long LOOKBACK = 30L * 24 * 3600 * 1000;
    public static final String UNKNOWN = "Unknown";

    private DiStates() {
    }

    /**
     * The rows (ascending) whose value differs from the value before them; {@code before} is the value preceding the
     * first row, null when there is none (then the first row is a change).
     */
    public static List<MeasurePointValue> changes(MeasurePointValue before, List<MeasurePointValue> ascending) {
        var kept = new ArrayList<MeasurePointValue>();
        Object previous = before == null ? null : status(before.value());
        boolean known = before != null;
        for (MeasurePointValue v : ascending) {
            Object s = status(v.value());
            if (!known || !Objects.equals(previous, s)) {
                kept.add(v);
            }
            previous = s;
            known = true;
        }
        return kept;
    }

    /** A state as reported: integral numbers as longs (a DI of 1.0 and 1 is the same state), others unchanged. */
    public static Object status(Object value) {
        if (value instanceof Number n && !(value instanceof Long)) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
        }
        return value;
    }

    /**
     * Sums durations per state while rows are fed in ascending time. Time before the first known state, and after
     * the last moment that can be known (now), counts as {@link #UNKNOWN}.
     */
    public static final class Tally {
        private final Map<Object, Long> durations = new LinkedHashMap<>();
        private Object state;
        private boolean known;
        private long since;

        public Tally(long start, MeasurePointValue before) {
            this.since = start;
            if (before != null) {
                state = status(before.value());
                known = true;
            }
        }

        /** A row at {@code time} (not before the previous one) starts a new state. */
        public void add(long time, Object value) {
            credit(time);
            state = status(value);
            known = true;
        }

        /** Credits the current state up to {@code knownUntil}, the rest up to {@code end} as unknown. */
        public Map<Object, Long> finish(long knownUntil, long end) {
            credit(knownUntil);
            known = false;
            credit(end);
            return durations;
        }

        private void credit(long until) {
            if (until > since) {
                durations.merge(known ? state : UNKNOWN, until - since, Long::sum);
                since = until;
            }
        }
    }

    /**
     * The {@code durations} array of an item: numeric states first in numeric order, then other states by text,
     * {@code Unknown} last.
     */
    public static List<Map<String, Object>> durations(Map<Object, Long> tally, List<String> statusFilter,
                                                      boolean withUnknown) {
        Comparator<Object> order = Comparator.<Object, Integer>comparing(s -> UNKNOWN.equals(s) ? 2
                        : s instanceof Number ? 0 : 1)
                .thenComparing((a, b) -> a instanceof Number x && b instanceof Number y
                        ? Double.compare(x.doubleValue(), y.doubleValue()) : String.valueOf(a).compareTo(String.valueOf(b)));
        var items = new ArrayList<Map<String, Object>>();
        tally.keySet().stream().sorted(order).forEach(s -> {
            boolean unknown = UNKNOWN.equals(s);
            if (unknown ? !withUnknown : !statusFilter.isEmpty() && !statusFilter.contains(String.valueOf(s))) {
                return;
            }
            var item = new LinkedHashMap<String, Object>();
            item.put("duration", tally.get(s));
            item.put("status", s);
            items.add(item);
        });
        return items;
    }
}
