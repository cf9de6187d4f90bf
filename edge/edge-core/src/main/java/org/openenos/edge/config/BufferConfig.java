package org.openenos.edge.config;

/**
 * The store-and-forward log. {@code maxBytes} bounds the disk it uses (default 4 GB, reference §7); the oldest
 * segment is dropped first. {@code fsync} forces every appended batch to disk before it counts as stored.
 */
public record BufferConfig(String directory, Long maxBytes, Long segmentBytes, Boolean fsync, Integer replayBatchItems) {
    public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024 * 1024;

    public BufferConfig {
        directory = directory == null ? "data/buffer" : directory;
        maxBytes = maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes;
        segmentBytes = segmentBytes == null ? Math.min(64L * 1024 * 1024, Math.max(4096, maxBytes / 8)) : segmentBytes;
        fsync = fsync == null ? Boolean.TRUE : fsync;
        replayBatchItems = replayBatchItems == null ? 200 : replayBatchItems;
        Checks.check(segmentBytes > 0 && segmentBytes <= maxBytes, "buffer.segmentBytes must be in 1..maxBytes");
    }

    public static BufferConfig defaults() {
        return new BufferConfig(null, null, null, null, null);
    }
}
