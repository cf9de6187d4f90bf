package org.openenos.subscription.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openenos.subscription.SubscriptionMessage;

/**
 * The durable log of one subscription: its partitions (a message goes to the partition of its key, the asset id, so
 * one asset's messages stay in order) and the committed offsets of its consumer groups. Appends become visible to
 * consumers when {@link #force()} has made them durable; waiting pulls are woken then.
 */
public final class SubscriptionLog implements AutoCloseable {
    private final String subId;
    private final Path dir;
    private final List<FeedPartition> partitions = new ArrayList<>();
    private final GroupOffsets offsets;
    private final Object appended = new Object();
    private volatile boolean closed;

    SubscriptionLog(String subId, Path dir, int partitionCount, long segmentBytes, long now) {
        this.subId = subId;
        this.dir = dir;
        try {
            for (int p = 0; p < partitionCount; p++) {
                partitions.add(new FeedPartition(dir.resolve("p-" + p), segmentBytes, now));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log of subscription " + subId + " in " + dir, e);
        }
        this.offsets = new GroupOffsets(dir.resolve("offsets.tsv"));
    }

    public String subId() {
        return subId;
    }

    Path dir() {
        return dir;
    }

    public int partitionCount() {
        return partitions.size();
    }

    int partitionOf(String key) {
        return Math.floorMod(key.hashCode(), partitions.size());
    }

    /** Appends without making it durable; call {@link #force()} before acknowledging anything that depends on it. */
    void append(String key, String value, long timestamp) throws IOException {
        partitions.get(partitionOf(key)).append(timestamp, FeedPartition.payload(key, value));
    }

    void force() throws IOException {
        for (FeedPartition p : partitions) {
            p.force();
        }
        synchronized (appended) {
            appended.notifyAll();
        }
    }

    /** Up to {@code max} durable messages of one partition from {@code offset} on. */
    List<SubscriptionMessage> read(int partition, long offset, int max) {
        try {
            var frames = partitions.get(partition).read(offset, max);
            var messages = new ArrayList<SubscriptionMessage>(frames.size());
            for (var f : frames) {
                messages.add(new SubscriptionMessage(subId, partition, f.offset(), f.timestamp(),
                        FeedPartition.key(f.payload()), FeedPartition.value(f.payload())));
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of subscription " + subId, e);
        }
    }

    long firstRetained(int partition) {
        return partitions.get(partition).firstRetained();
    }

    long end(int partition) {
        return partitions.get(partition).durableEnd();
    }

    Map<Integer, Long> ends() {
        var ends = new TreeMap<Integer, Long>();
        for (int p = 0; p < partitions.size(); p++) {
            ends.put(p, end(p));
        }
        return ends;
    }

    boolean isClosed() {
        return closed;
    }

    GroupOffsets offsets() {
        return offsets;
    }

    /** Blocks until something new is durable, the log closes or the timeout passes. */
    void awaitAppend(long millis) throws InterruptedException {
        if (closed || millis <= 0) {
            return;
        }
        synchronized (appended) {
            appended.wait(millis);
        }
    }

    /** Deletes segments older than the cutoff; returns the messages deleted. */
    long expire(long cutoff, long now, long rollAfterMillis) {
        long deleted = 0;
        try {
            for (FeedPartition p : partitions) {
                deleted += p.expire(cutoff, now, rollAfterMillis);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply retention to subscription " + subId, e);
        }
        return deleted;
    }

    @Override
    public void close() {
        closed = true;
        partitions.forEach(FeedPartition::close);
        synchronized (appended) {
            appended.notifyAll();
        }
    }
}
