package org.openenos.telemetry.internal;

import java.util.ArrayDeque;

/**
 * When the records of one partition became durable, at a resolution of {@link #RESOLUTION_MILLIS}: an entry says
 * that the records below {@code end} were durable by {@code millis}, and entries are merged while they are younger
 * than the resolution, so a partition keeps at most ten entries per second of backlog. The frame format has no time
 * of its own; this is what tells how old the oldest record a consumer has not committed is. Records found in the log
 * at start count as appended at start.
 */
final class AppendTimes {
    static final long RESOLUTION_MILLIS = 100;
    private static final int MAX_ENTRIES = 100_000;
    private final ArrayDeque<long[]> entries = new ArrayDeque<>();

    synchronized void opened(long end, long millis) {
        if (end > 0) {
            entries.add(new long[] {end, millis});
        }
    }

    /** Writer thread: the records below {@code end} are durable at {@code millis}. */
    synchronized void durable(long end, long millis) {
        long[] last = entries.peekLast();
        if (last != null && (millis - last[1] < RESOLUTION_MILLIS || entries.size() >= MAX_ENTRIES)) {
            last[0] = end; // keeps the older time: an age is overstated by the resolution at most
        } else {
            entries.add(new long[] {end, millis});
        }
    }

    /** When the record at {@code offset} was durable, or -1 if it is not (or no longer) known. */
    synchronized long appendedAt(long offset) {
        for (long[] e : entries) {
            if (e[0] > offset) {
                return e[1];
            }
        }
        return -1;
    }

    /** Forgets the entries of records below {@code offset}, which every consumer has committed. */
    synchronized void forgetBelow(long offset) {
        while (!entries.isEmpty() && entries.peekFirst()[0] <= offset) {
            entries.pollFirst();
        }
    }
}
