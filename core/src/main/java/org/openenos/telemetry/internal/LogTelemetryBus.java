package org.openenos.telemetry.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusTail;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.telemetry.PartitionCursor;
import org.openenos.telemetry.TelemetryBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link TelemetryBus}: one {@link PartitionLog} per partition under a directory and one writer thread
 * doing group commit. Producers enqueue encoded records; the writer drains what has queued up, appends it and
 * fsyncs each touched partition once, then completes all those producers' futures together — so an fsync costs the
 * same whether it covers one publish or two thousand. The queue is bounded: when it is full, publish holds its caller
 * back (up to {@link #ENQUEUE_TIMEOUT_SECONDS}) instead of buffering without bound.
 */
public final class LogTelemetryBus implements TelemetryBus {
    static final long ENQUEUE_TIMEOUT_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(LogTelemetryBus.class);

    private record Pending(Map<Integer, byte[]> records, CompletableFuture<Void> done) {
    }

    private final Path dir;
    private final BusConfig config;
    private final List<PartitionLog> logs = new ArrayList<>();
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private final Object appended = new Object();
    /** Committed offsets of every group that ever committed, read from their files at start. */
    private final Map<String, Map<Integer, Long>> groupOffsets = new ConcurrentHashMap<>();
    private final List<LogPartitionCursor> cursors = new ArrayList<>();
    private volatile boolean closed;

    public LogTelemetryBus(Path dir, BusConfig config) {
        this.dir = dir;
        this.config = config;
        try {
            for (int p = 0; p < config.partitions(); p++) {
                logs.add(new PartitionLog(p, dir.resolve("p-" + p), config.segmentBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open telemetry log in " + dir, e);
        }
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("offsets-") && !name.endsWith(".tmp")) {
                    groupOffsets.put(name.substring("offsets-".length()), LogBusConsumer.readOffsets(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read consumer offsets in " + dir, e);
        }
        queue = new ArrayBlockingQueue<>(config.maxPendingPublishes());
        writer = Thread.ofPlatform().name("telemetry-log-writer").daemon().start(this::writeLoop);
    }

    @Override
    public int partitions() {
        return config.partitions();
    }

    @Override
    public CompletableFuture<Void> publish(List<MeasurePointValue> values) {
        return publish(values, false);
    }

    @Override
    public CompletableFuture<Void> publish(List<MeasurePointValue> values, boolean mayRepeat) {
        var done = new CompletableFuture<Void>();
        if (values.isEmpty()) {
            done.complete(null);
            return done;
        }
        if (closed) {
            return CompletableFuture.failedFuture(new OpenEnosException(ErrorCode.UNAVAILABLE, "telemetry log closed"));
        }
        var byPartition = new TreeMap<Integer, List<MeasurePointValue>>();
        for (MeasurePointValue v : values) {
            byPartition.computeIfAbsent(partitionOf(v.assetId()), p -> new ArrayList<>()).add(v);
        }
        var records = new LinkedHashMap<Integer, byte[]>();
        byPartition.forEach((p, list) -> records.put(p, ValueCodec.encode(list, mayRepeat)));
        try {
            if (!queue.offer(new Pending(records, done), ENQUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                done.completeExceptionally(new OpenEnosException(ErrorCode.UNAVAILABLE, "telemetry log saturated"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Room for a quarter of the queue left: several threads may pass this check at once, and the margin keeps their
     * offers from waiting.
     */
    @Override
    public boolean acceptsWithoutWaiting() {
        return !closed && queue.remainingCapacity() > config.maxPendingPublishes() / 4;
    }

    @Override
    public BusConsumer consumer(String group, PoisonRecordHandler poison) {
        return new LogBusConsumer(this, group, dir.resolve("offsets-" + group), poison);
    }

    @Override
    public long appendedAtMillis(int partition, long offset) {
        return logs.get(partition).appendTimes().appendedAt(offset);
    }

    /**
     * A group committed. Segments and append times are shared by every consumer group: what lies below the offsets
     * that all groups that ever committed (their offset files) are past is no longer needed, so a second group
     * (subscriptions) never loses records to the storage stage's commits. A partition a group has not committed
     * counts as offset 0.
     */
    void committed(String group, Map<Integer, Long> offsets) {
        groupOffsets.put(group, Map.copyOf(offsets));
        for (PartitionLog log : logs) {
            long min = groupOffsets.values().stream()
                    .mapToLong(m -> m.getOrDefault(log.partition(), 0L)).min().orElse(0);
            // open cursors (stream jobs reading from their checkpointed offsets) keep what they still need
            log.deleteConsumedBefore(Math.min(min, retainedFrom(log.partition())));
            log.appendTimes().forgetBelow(min);
        }
    }

    @Override
    public PartitionCursor cursor(int partition, long fromOffset) {
        if (partition < 0 || partition >= logs.size()) {
            throw new IllegalArgumentException("no partition " + partition);
        }
        return register(new LogPartitionCursor(this, logs.get(partition), fromOffset));
    }

    @Override
    public BusTail tail(String reader) {
        if (closed) {
            throw new IllegalStateException("telemetry log closed");
        }
        return new LogTail(this, reader);
    }

    /** Keeps the segments {@code cursor} still has to read until it is released. */
    LogPartitionCursor register(LogPartitionCursor cursor) {
        synchronized (cursors) {
            cursors.add(cursor);
            return cursor;
        }
    }

    void release(LogPartitionCursor cursor) {
        synchronized (cursors) {
            cursors.remove(cursor);
        }
    }

    /** Offsets from which open cursors still read a partition: segments holding them are not deleted. */
    long retainedFrom(int partition) {
        synchronized (cursors) {
            long from = Long.MAX_VALUE;
            for (LogPartitionCursor c : cursors) {
                if (c.partition() == partition) {
                    from = Math.min(from, c.position());
                }
            }
            return from;
        }
    }

    @Override
    public Map<Integer, Long> endOffsets() {
        var ends = new TreeMap<Integer, Long>();
        logs.forEach(l -> ends.put(l.partition(), l.durableEnd()));
        return ends;
    }

    List<PartitionLog> logs() {
        return logs;
    }

    /** Blocks until the writer has made something new durable or the timeout passes. */
    void awaitAppend(long timeoutMillis) throws InterruptedException {
        synchronized (appended) {
            appended.wait(Math.max(1, timeoutMillis));
        }
    }

    private void writeLoop() {
        var batch = new ArrayList<Pending>(config.maxGroupCommit());
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.maxGroupCommit() - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        try {
            for (Pending pending : batch) {
                for (var entry : pending.records().entrySet()) {
                    logs.get(entry.getKey()).append(entry.getValue());
                }
            }
            for (PartitionLog log : logs) {
                log.force();
            }
            batch.forEach(p -> p.done().complete(null));
        } catch (IOException | RuntimeException e) {
            LOG.error("telemetry log write failed; {} publishes not acknowledged", batch.size(), e);
            var failure = new OpenEnosException(ErrorCode.UNAVAILABLE, "telemetry log write failed", e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
        }
        synchronized (appended) {
            appended.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(ENQUEUE_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logs.forEach(PartitionLog::close);
        synchronized (appended) {
            appended.notifyAll();
        }
    }
}
