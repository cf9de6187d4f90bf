package org.openenos.subscription;

import java.time.Duration;

/**
 * Settings of subscription delivery.
 *
 * @param partitions   partitions per subscription log; a consumer group has at most this many active members
 *                     (EnOS: 2)
 * @param retention    how long messages are kept whatever their consumers did (EnOS: 24 h resume window)
 * @param segmentBytes size after which a partition starts a new segment file
 * @param pullWait     how long a pull waits for a message before an empty answer; the .NET SDK gives up on a reply
 *                     after 10 s, so this must stay well below that
 * @param maxPullMessages messages in one pull answer at most (the SDKs buffer 100)
 */
public record SubscriptionConfig(int partitions, Duration retention, long segmentBytes, Duration pullWait,
                                 int maxPullMessages) {
    public static final SubscriptionConfig DEFAULTS =
            new SubscriptionConfig(2, Duration.ofHours(24), 16L << 20, Duration.ofSeconds(2), 100);

    public SubscriptionConfig {
        if (partitions < 1 || retention.isNegative() || retention.isZero() || segmentBytes < 4096
                || pullWait.isNegative() || pullWait.compareTo(Duration.ofSeconds(9)) > 0 || maxPullMessages < 1) {
            throw new IllegalArgumentException("invalid subscription configuration");
        }
    }

    public SubscriptionConfig withRetention(Duration value) {
        return new SubscriptionConfig(partitions, value, segmentBytes, pullWait, maxPullMessages);
    }

    public SubscriptionConfig withPullWait(Duration value) {
        return new SubscriptionConfig(partitions, retention, segmentBytes, value, maxPullMessages);
    }

    public SubscriptionConfig withSegmentBytes(long value) {
        return new SubscriptionConfig(partitions, retention, value, pullWait, maxPullMessages);
    }
}
