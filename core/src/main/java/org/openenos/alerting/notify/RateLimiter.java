package org.openenos.alerting.notify;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** At most {@code max} permits per key within a sliding window; used for rule rate limits and the loop guard. */
final class RateLimiter {
    private final Map<String, Deque<Long>> windows = new ConcurrentHashMap<>();

    boolean tryAcquire(String key, int max, long windowMillis, long now) {
        Deque<Long> times = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() >= windowMillis) {
                times.pollFirst();
            }
            if (times.size() >= max) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }
}
