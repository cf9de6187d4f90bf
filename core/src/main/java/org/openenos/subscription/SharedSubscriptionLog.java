package org.openenos.subscription;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscriptions' logs, committed offsets and group memberships kept where every server node reads and writes
 * them (ADR 0082): a consumer sees the same messages, offsets and partition assignment whichever node it connects to.
 * Implemented on the metadata database that the nodes share.
 */
public interface SharedSubscriptionLog {

    /** Creates the partitions of a subscription's log, starting at offset 0; nothing when they exist. */
    void create(String subId, int partitions);

    /** Deletes the log, its offsets and memberships. */
    void delete(String subId);

    /**
     * Appends all messages at once, durably: when this returns, they are committed. Within a partition, offsets are
     * given in commit order, so a reader never sees an offset before all lower ones are visible.
     */
    void append(List<Append> messages);

    /** Up to {@code max} messages of one partition from {@code offset} on, in offset order. */
    List<SubscriptionMessage> read(String subId, int partition, long offset, int max);

    /** Per partition: the oldest kept offset and the offset the next append gets. */
    List<Range> ranges(String subId);

    /** The committed (last consumed) offsets per consumer group and partition. */
    Map<String, Map<Integer, Long>> committed(String subId);

    void commit(String subId, String group, Map<Integer, Long> lastConsumed);

    /** Deletes messages appended before the cutoff (a prefix of each partition); returns how many. */
    long expire(long cutoffMillis);

    /**
     * Renews the member's heartbeat and returns the partitions it holds now. Members not seen for {@code ttl} are
     * dropped; each live member's share is the partition count divided among the live members (the earliest joined
     * take one more when it does not divide); a member above its share gives partitions up, one below takes free
     * ones. A partition is held by one member at a time.
     */
    Set<Integer> claim(String subId, String group, String memberId, String nodeId, int partitions, Duration ttl);

    /** The member leaves; its partitions are free at once. */
    void leave(String subId, String group, String memberId);

    /** Live members of the group on all nodes. */
    int members(String subId, String group, Duration ttl);

    /** One message for a partition chosen by the caller. */
    record Append(String subId, int partition, String key, String value, long timestamp) {
    }

    /** A partition's kept offsets: {@code [first, end)}. */
    record Range(int partition, long first, long end) {
    }
}
