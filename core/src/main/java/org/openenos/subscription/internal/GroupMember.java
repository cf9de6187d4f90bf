package org.openenos.subscription.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.subscription.SubscriptionConsumer;
import org.openenos.subscription.SubscriptionMessage;

/**
 * A connected consumer: its read position per held partition, moved forward as messages are handed out (not as they
 * are committed: after a reconnect the group's committed offsets count, which is what makes delivery at least once).
 */
final class GroupMember implements SubscriptionConsumer {
    private final ConsumerGroup group;
    private final long pullWaitMillis;
    private final int maxMessages;
    private final Runnable onClose;
    private Map<Integer, Long> cursors = new HashMap<>();
    private long assignedGeneration;
    private volatile boolean closed;

    GroupMember(ConsumerGroup group, long pullWaitMillis, int maxMessages, Runnable onClose) {
        this.group = group;
        this.pullWaitMillis = pullWaitMillis;
        this.maxMessages = maxMessages;
        this.onClose = onClose;
    }

    /** Group lock held. */
    Map<Integer, Long> cursors() {
        return cursors;
    }

    /** Group lock held. */
    void assign(Map<Integer, Long> newCursors, long generation) {
        this.cursors = newCursors;
        this.assignedGeneration = generation;
    }

    @Override
    public Pull pull() {
        long deadline = System.nanoTime() + pullWaitMillis * 1_000_000;
        SubscriptionLog log = group.log();
        while (!closed) {
            if (log.isClosed()) {
                throw new OpenEnosException(ErrorCode.NOT_FOUND, "subscription " + log.subId() + " was deleted");
            }
            Map<Integer, Long> from;
            long generation;
            synchronized (group) {
                from = new HashMap<>(cursors);
                generation = assignedGeneration;
            }
            var messages = new ArrayList<SubscriptionMessage>();
            var next = new HashMap<Integer, Long>();
            long missed = 0;
            for (var entry : from.entrySet()) {
                int p = entry.getKey();
                long position = entry.getValue();
                long first = log.firstRetained(p);
                if (position < first) {
                    group.recordMissed(p, first - position);
                    missed += first - position;
                    position = first;
                    next.put(p, position);
                }
                if (messages.size() < maxMessages) {
                    var read = log.read(p, position, maxMessages - messages.size());
                    if (!read.isEmpty()) {
                        messages.addAll(read);
                        next.put(p, read.getLast().offset() + 1);
                    }
                }
            }
            if (!next.isEmpty()) {
                group.advance(this, generation, next);
            }
            if (!messages.isEmpty() || missed > 0) {
                group.recordDelivered(messages.size());
                return new Pull(messages, missed);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Pull.EMPTY;
            }
            try {
                // A member without partitions polls too, so it notices when a leaving member hands it one.
                log.awaitAppend(Math.min(left, 250));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Pull.EMPTY;
            }
        }
        return Pull.EMPTY;
    }

    @Override
    public void commit(Map<Integer, Long> lastConsumed) {
        group.commit(this, lastConsumed);
    }

    @Override
    public Set<Integer> partitions() {
        synchronized (group) {
            return new TreeSet<>(cursors.keySet());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            group.leave(this);
            onClose.run();
        }
    }
}
