package org.openenos.streaming;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Input and output rates of jobs, from successive readings of their counters: the change over the last minute of
 * readings (at least two readings a few seconds apart), per second. Readings come from every look at a job's runtime
 * and from the periodic platform metrics sampler, so a rate is there whenever someone asks.
 */
public final class JobRates {
    public record Rates(double inPerSecond, double outPerSecond) {
        public static final Rates NONE = new Rates(0, 0);
    }

    private record Reading(long time, long in, long out) {
    }

    private static final long WINDOW_MILLIS = 60_000;
    private static final long MIN_SPAN_MILLIS = 2_000;
    private final Map<String, Deque<Reading>> readings = new ConcurrentHashMap<>();

    public Rates observe(String pipelineId, long now, long recordsIn, long recordsOut) {
        Deque<Reading> deque = readings.computeIfAbsent(pipelineId, k -> new ArrayDeque<>());
        synchronized (deque) {
            Reading last = deque.peekLast();
            if (last != null && (recordsIn < last.in() || recordsOut < last.out())) {
                deque.clear(); // counters restarted with the job
            }
            if (last == null || now - last.time() >= 1_000 || deque.size() == 1) {
                deque.addLast(new Reading(now, recordsIn, recordsOut));
            }
            while (deque.size() > 2 && now - deque.peekFirst().time() > WINDOW_MILLIS) {
                deque.removeFirst();
            }
            Reading first = deque.peekFirst();
            long span = now - first.time();
            if (span < MIN_SPAN_MILLIS) {
                return Rates.NONE;
            }
            double seconds = span / 1000.0;
            return new Rates((recordsIn - first.in()) / seconds, (recordsOut - first.out()) / seconds);
        }
    }

    public void forget(String pipelineId) {
        readings.remove(pipelineId);
    }
}
