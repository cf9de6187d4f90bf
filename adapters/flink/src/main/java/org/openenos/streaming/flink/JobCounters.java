package org.openenos.streaming.flink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of one job, written by its operators and read by the engine's metrics and the API. */
final class JobCounters {
    final AtomicLong recordsIn = new AtomicLong();
    final AtomicLong recordsOut = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong lateDropped = new AtomicLong();
    /** Next offset the job's readers will read, per log partition. */
    final Map<Integer, Long> positions = new ConcurrentHashMap<>();
}
