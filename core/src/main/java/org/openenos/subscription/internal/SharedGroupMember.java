package org.openenos.subscription.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.subscription.SharedSubscriptionLog;
import org.openenos.subscription.SubscriptionConsumer;
import org.openenos.subscription.SubscriptionMessage;

/**
 * A connected consumer of a shared log: it claims its share of the group's partitions (renewed at least every
 * {@code ttl / 3}, and before every read once due, so it never reads a partition another member took after its
 * lease ran out), starts a newly held partition at the group's committed offset, and commits to the shared offsets.
 */
final class SharedGroupMember implements SubscriptionConsumer {
    private final SharedFeeds feeds;
    private final SharedSubscriptionLog log;
    private final String subId;
    private final String group;
    private final String memberId = UUID.randomUUID().toString();
    private final long pullWaitMillis;
    private final int maxMessages;
    private final long renewEveryNanos;
    private Map<Integer, Long> cursors = new HashMap<>();
    private volatile Set<Integer> held = Set.of();
    private long renewedAt;
    private volatile boolean closed;

    SharedGroupMember(SharedFeeds feeds, String subId, String group, long pullWaitMillis, int maxMessages) {
        this.feeds = feeds;
        this.log = feeds.log();
        this.subId = subId;
        this.group = group;
        this.pullWaitMillis = pullWaitMillis;
        this.maxMessages = maxMessages;
        this.renewEveryNanos = Math.max(100, feeds.memberTtl().toMillis() / 3) * 1_000_000;
        feeds.joined(subId, group);
        renew();
    }

    private synchronized void renewIfDue() {
        if (System.nanoTime() - renewedAt >= renewEveryNanos) {
            renew();
        }
    }

    private synchronized void renew() {
        Set<Integer> now = log.claim(subId, group, memberId, feeds.nodeId(), feeds.partitions(), feeds.memberTtl());
        renewedAt = System.nanoTime();
        var next = new HashMap<Integer, Long>();
        Map<Integer, Long> committed = null;
        for (int p : now) {
            Long cursor = cursors.get(p);
            if (cursor == null) {
                if (committed == null) {
                    committed = log.committed(subId).getOrDefault(group, Map.of());
                }
                cursor = startOf(p, committed.get(p));
            }
            next.put(p, cursor);
        }
        cursors = next;
        held = Set.copyOf(now);
    }

    /* As on one node (ADR 0080 §5): resume at the last consumed offset; one further when it has expired. */
    private long startOf(int partition, Long lastConsumed) {
        long first = log.ranges(subId).stream().filter(r -> r.partition() == partition).mapToLong(
                SharedSubscriptionLog.Range::first).findFirst().orElse(0);
        if (lastConsumed == null) {
            return first;
        }
        return lastConsumed < first ? lastConsumed + 1 : lastConsumed;
    }

    @Override
    public Pull pull() {
        long deadline = System.nanoTime() + pullWaitMillis * 1_000_000;
        while (!closed) {
            if (!feeds.isOpen(subId)) {
                throw new OpenEnosException(ErrorCode.NOT_FOUND, "subscription " + subId + " was deleted");
            }
            renewIfDue();
            Map<Integer, Long> from;
            synchronized (this) {
                from = new HashMap<>(cursors);
            }
            var messages = new ArrayList<SubscriptionMessage>();
            var next = new HashMap<Integer, Long>();
            long missed = 0;
            if (!from.isEmpty()) {
                var firsts = new HashMap<Integer, Long>();
                log.ranges(subId).forEach(r -> firsts.put(r.partition(), r.first()));
                for (var entry : from.entrySet()) {
                    int p = entry.getKey();
                    long position = entry.getValue();
                    long first = firsts.getOrDefault(p, 0L);
                    if (position < first) {
                        feeds.recordMissed(subId, group, p, first - position);
                        missed += first - position;
                        position = first;
                        next.put(p, position);
                    }
                    if (messages.size() < maxMessages) {
                        var read = log.read(subId, p, position, maxMessages - messages.size());
                        if (!read.isEmpty()) {
                            messages.addAll(read);
                            next.put(p, read.getLast().offset() + 1);
                        }
                    }
                }
            }
            synchronized (this) {
                // a partition given up meanwhile keeps no cursor
                next.forEach((p, offset) -> cursors.computeIfPresent(p, (k, old) -> offset));
            }
            if (!messages.isEmpty() || missed > 0) {
                feeds.recordDelivered(subId, group, messages.size());
                return new Pull(messages, missed);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Pull.EMPTY;
            }
            try {
                feeds.awaitAppend(Math.min(left, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Pull.EMPTY;
            }
        }
        return Pull.EMPTY;
    }

    @Override
    public void commit(Map<Integer, Long> lastConsumed) {
        var accepted = new HashMap<Integer, Long>();
        Set<Integer> mine = held;
        lastConsumed.forEach((p, offset) -> {
            if (mine.contains(p) && offset >= 0) {
                accepted.put(p, offset);
            }
        });
        if (!accepted.isEmpty()) {
            log.commit(subId, group, accepted);
        }
    }

    @Override
    public Set<Integer> partitions() {
        return new TreeSet<>(held);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            log.leave(subId, group, memberId);
        }
    }
}
