package org.openenos.subscription;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One member of a consumer group of a subscription, as a connected SDK is. Not thread-safe: one pull at a time, as
 * the protocol is strict request/response. Closing it leaves the group; its partitions go to the other members.
 */
public interface SubscriptionConsumer extends AutoCloseable {

    /**
     * The next messages of the partitions this member holds, waiting up to the configured pull wait for some.
     * {@code missed} counts messages that expired (retention) before this group read them: they are not delivered,
     * and the caller must tell its client.
     */
    Pull pull();

    /**
     * Stores, durably, the last consumed offset per partition (the SDKs' commit). Delivery after a reconnect resumes at
     * that offset, so the message is delivered once more: at least once. Commits for partitions this member does not
     * hold (any more) are ignored.
     */
    void commit(Map<Integer, Long> lastConsumed);

    /** The partitions held now; empty for a member beyond the partition count (it waits for a place). */
    Set<Integer> partitions();

    @Override
    void close();

    record Pull(List<SubscriptionMessage> messages, long missed) {
        public static final Pull EMPTY = new Pull(List.of(), 0);
    }
}
