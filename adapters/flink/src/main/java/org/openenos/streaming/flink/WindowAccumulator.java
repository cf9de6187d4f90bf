package org.openenos.streaming.flink;

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

    public WindowAccumulator() {
    }

    void add(long time, double value) {
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
