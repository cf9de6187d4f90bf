package org.openenos.subscription.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.subscription.GroupLag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members of one consumer group of one subscription and who holds which partition. Partition p belongs to member
 * {@code p % members} in join order; members beyond the partition count hold none and wait (the lenient choice for
 * a third consumer of a two-partition group: it takes over when another leaves). A member that gains a partition
 * starts at the group's committed offset, or at the oldest retained message when the group never committed.
 */
final class ConsumerGroup {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroup.class);

    private final String name;
    private final SubscriptionLog log;
    private final List<GroupMember> members = new ArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private long generation;

    ConsumerGroup(String name, SubscriptionLog log) {
        this.name = name;
        this.log = log;
    }

    String name() {
        return name;
    }

    SubscriptionLog log() {
        return log;
    }

    synchronized void join(GroupMember member) {
        members.add(member);
        rebalance();
    }

    synchronized void leave(GroupMember member) {
        if (members.remove(member)) {
            rebalance();
        }
    }

    synchronized int size() {
        return members.size();
    }

    synchronized long generation() {
        return generation;
    }

    /*
     * Sticky: a member keeps the partitions it holds as long as it is within its share, so a member leaving moves
     * only its own partitions (to the members with the fewest, earliest joined first).
     */
    private void rebalance() {
        generation++;
        var committed = log.offsets().of(name);
        int count = log.partitionCount();
        var next = new java.util.IdentityHashMap<GroupMember, Map<Integer, Long>>();
        members.forEach(m -> next.put(m, new HashMap<>()));
        var free = new ArrayList<Integer>();
        for (int p = 0; p < count; p++) {
            GroupMember holder = holderOf(p);
            if (holder != null && next.get(holder).size() < quota(members.indexOf(holder), count)) {
                next.get(holder).put(p, holder.cursors().get(p));
            } else {
                free.add(p);
            }
        }
        for (int p : free) {
            for (int i = 0; i < members.size(); i++) {
                var cursors = next.get(members.get(i));
                if (cursors.size() < quota(i, count)) {
                    cursors.put(p, startOf(p, committed.get(p)));
                    break;
                }
            }
        }
        next.forEach((member, cursors) -> member.assign(cursors, generation));
    }

    /*
     * Resumes at the last consumed offset (delivered once more: the SDKs commit "last consumed", and redelivering one
     * is the safe reading); when that message has expired, one further, so that it is not counted as missed.
     */
    private long startOf(int partition, Long lastConsumed) {
        long first = log.firstRetained(partition);
        if (lastConsumed == null) {
            return first;
        }
        return lastConsumed < first ? lastConsumed + 1 : lastConsumed;
    }

    private int quota(int memberIndex, int partitions) {
        int n = members.size();
        return partitions / n + (memberIndex < partitions % n ? 1 : 0);
    }

    private GroupMember holderOf(int partition) {
        for (GroupMember m : members) {
            if (m.cursors().containsKey(partition)) {
                return m;
            }
        }
        return null;
    }

    /** Stores the commits of partitions the member holds now; a commit from a former holder is stale. */
    synchronized void commit(GroupMember member, Map<Integer, Long> lastConsumed) {
        var accepted = new HashMap<Integer, Long>();
        lastConsumed.forEach((p, offset) -> {
            if (member.cursors().containsKey(p) && offset >= 0 && offset <= log.end(p)) {
                accepted.put(p, offset);
            }
        });
        log.offsets().commit(name, accepted);
    }

    /** Moves the member's cursors past what it was handed, unless a rebalance came in between. */
    synchronized void advance(GroupMember member, long seenGeneration, Map<Integer, Long> next) {
        if (seenGeneration == generation) {
            member.cursors().putAll(next);
        }
    }

    void recordDelivered(int count) {
        delivered.addAndGet(count);
    }

    void recordMissed(int partition, long count) {
        missed.addAndGet(count);
        LOG.warn("subscription {} group {}: {} messages of partition {} expired before they were read",
                log.subId(), name, count, partition);
    }

    long delivered() {
        return delivered.get();
    }

    long missed() {
        return missed.get();
    }

    GroupLag lag() {
        var committed = log.offsets().of(name);
        var partitions = new ArrayList<GroupLag.PartitionLag>();
        long total = 0;
        for (int p = 0; p < log.partitionCount(); p++) {
            long end = log.end(p);
            Long c = committed.get(p);
            // The SDKs commit the last consumed offset: the next to read is one further.
            long next = c == null ? log.firstRetained(p) : Math.max(c + 1, log.firstRetained(p));
            long lag = Math.max(0, end - next);
            total += lag;
            partitions.add(new GroupLag.PartitionLag(p, end, c == null ? -1 : c, lag));
        }
        return new GroupLag(name, partitions, total, size(), delivered(), missed());
    }
}
