package org.openenos.streaming.flink;

import java.util.HashMap;
import java.util.Map;
import org.openenos.streaming.Aggregation;

/** Running aggregate of one window of one policy; a Flink POJO kept in keyed state. */
public class WindowAccumulator {
    public long count;
    public double sum;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public long firstTime = Long.MAX_VALUE;
    public double first;
    public long lastTime = Long.MIN_VALUE;
    public double last;
    /** Whether the window has been emitted: a later value (within the allowed lateness) emits it again. */
    public boolean emitted;
    /**
     * The value counted at each event time of the window. The store keeps one value per (asset, point, time), and so
     * does the window: a device re-sending values it cached (resumed data) or a replay counts once, and a changed
     * value at a time already counted replaces it. Kept as long as the window (until its allowed lateness ends).
     */
    public Map<Long, Double> values = new HashMap<>();

    public WindowAccumulator() {
    }

    /** Counts the value, or replaces the one counted at the same time; false when nothing changed. */
    boolean add(long time, double value) {
        if (values == null) {
            values = new HashMap<>(); // a window restored from a checkpoint taken before the values were kept
        }
        Double before = values.put(time, value);
        if (before == null) {
            count(time, value);
            return true;
        }
        if (before == value) {
            return false;
        }
        sum += value - before;
        if (time == firstTime) {
            first = value;
        }
        if (time == lastTime) {
            last = value;
        }
        if (before == min || before == max || value < min || value > max) {
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            for (double v : values.values()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return true;
    }

    private void count(long time, double value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        // first/last by event time, not arrival: a late value may be the window's first
        if (time < firstTime) {
            firstTime = time;
            first = value;
        }
        if (time >= lastTime) {
            lastTime = time;
            last = value;
        }
    }

    double result(Aggregation aggregation) {
        return switch (aggregation) {
            case MAX -> max;
            case MIN -> min;
            case AVG -> sum / count;
            case SUM -> sum;
            case COUNT -> count;
            case FIRST -> first;
            case LAST -> last;
        };
    }
}
