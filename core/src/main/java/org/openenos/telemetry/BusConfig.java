package org.openenos.telemetry;

/**
 * Settings of the embedded telemetry log.
 *
 * @param partitions      partitions of the log; assets are spread over them by hash (default 4)
 * @param segmentBytes    size after which a partition starts a new segment file; consumed segments are deleted whole
 *                        (default 64 MiB)
 * @param maxPendingPublishes publish calls waiting for the writer before callers are held back (default 10,000)
 * @param maxGroupCommit  publish calls written by one fsync at most (default 2,000)
 */
public record BusConfig(int partitions, long segmentBytes, int maxPendingPublishes, int maxGroupCommit) {
    public static final BusConfig DEFAULTS = new BusConfig(4, 64L << 20, 10_000, 2_000);

    public BusConfig {
        if (partitions < 1 || segmentBytes < 4096 || maxPendingPublishes < 1 || maxGroupCommit < 1) {
            throw new IllegalArgumentException("invalid bus configuration");
        }
    }

    public BusConfig withPartitions(int count) {
        return new BusConfig(count, segmentBytes, maxPendingPublishes, maxGroupCommit);
    }

    public BusConfig withSegmentBytes(long bytes) {
        return new BusConfig(partitions, bytes, maxPendingPublishes, maxGroupCommit);
    }
}
