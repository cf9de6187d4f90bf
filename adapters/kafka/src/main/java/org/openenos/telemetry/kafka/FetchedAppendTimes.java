package org.openenos.telemetry.kafka;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the records a group member fetched but has not committed yet were appended (Kafka's record timestamps), per
 * partition, so that a consumer's lag has an age on the Kafka bus as on the embedded log: the storage stage's oldest
 * unstored record is the first uncommitted one of each partition it holds.
 *
 * <p>At most {@link #MAX_TRACKED} records per partition are kept (a member that does not commit stops adding): the
 * oldest is what is asked for and is never dropped. Fed and trimmed by the member's polling thread;
 * {@link #appendedAt} may be called from any thread.
 */
final class FetchedAppendTimes {
    static final int MAX_TRACKED = 10_000;

    private record Fetched(long offset, long appendedAt) {
    }

    private final Map<Integer, ArrayDeque<Fetched>> tracked = new HashMap<>();
    private final Map<Integer, Fetched> oldest = new ConcurrentHashMap<>();

    void fetched(int partition, long offset, long appendedAt) {
        var queue = tracked.computeIfAbsent(partition, p -> new ArrayDeque<>());
        if (queue.isEmpty()) {
            var first = new Fetched(offset, appendedAt);
            queue.add(first);
            oldest.put(partition, first);
        } else if (queue.size() < MAX_TRACKED) {
            queue.add(new Fetched(offset, appendedAt));
        }
    }

    /** Everything below {@code next} of the partition is committed. */
    void committed(int partition, long next) {
        var queue = tracked.get(partition);
        if (queue == null) {
            return;
        }
        while (!queue.isEmpty() && queue.peekFirst().offset() < next) {
            queue.pollFirst();
        }
        if (queue.isEmpty()) {
            oldest.remove(partition);
        } else {
            oldest.put(partition, queue.peekFirst());
        }
    }

    /** The partition moved to another member (or is read again from its committed offset). */
    void forget(int partition) {
        tracked.remove(partition);
        oldest.remove(partition);
    }

    /** When the record at {@code offset} (or the first fetched after it) was appended, or -1 if not fetched. */
    long appendedAt(int partition, long offset) {
        Fetched first = oldest.get(partition);
        return first != null && first.offset() >= offset ? first.appendedAt() : -1;
    }
}
