package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.PartitionCursor;
import org.openenos.telemetry.TelemetryBus;

/**
 * Reads its partitions' records through cursors of the bus and emits the selected values. Polling and snapshots run
 * on the task's one thread, so the offsets a snapshot records are exactly those of the records emitted before it.
 * At the end of the log it waits {@link #IDLE_WAIT_MILLIS} before polling again.
 */
final class LogSourceReader implements SourceReader<AssetSample, LogSplit> {
    static final long IDLE_WAIT_MILLIS = 20;
    private static final int RECORDS_PER_POLL = 64;
    private static final ScheduledExecutorService WAKER = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("stream-source-waker").daemon().unstarted(r));

    private final TelemetryBus bus;
    private final PointSelection selection;
    private final JobCounters counters;
    private final Map<Integer, PartitionCursor> cursors = new TreeMap<>();

    LogSourceReader(TelemetryBus bus, PointSelection selection, JobCounters counters) {
        this.bus = bus;
        this.selection = selection;
        this.counters = counters;
    }

    @Override
    public void start() {
    }

    @Override
    public InputStatus pollNext(ReaderOutput<AssetSample> output) {
        boolean any = false;
        for (var entry : cursors.entrySet()) {
            PartitionCursor cursor = entry.getValue();
            List<BusRecord> records = cursor.poll(RECORDS_PER_POLL);
            for (BusRecord record : records) {
                any = true;
                List<AssetSample> samples = selection.select(record.values());
                for (AssetSample sample : samples) {
                    counters.recordsIn.addAndGet(sample.values.size());
                    output.collect(sample, sample.time);
                }
            }
            counters.positions.put(entry.getKey(), cursor.position());
        }
        return any ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<LogSplit> snapshotState(long checkpointId) {
        var splits = new ArrayList<LogSplit>(cursors.size());
        cursors.forEach((p, c) -> splits.add(new LogSplit(p, c.position())));
        return splits;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        var later = new CompletableFuture<Void>();
        WAKER.schedule(() -> later.complete(null), IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        return later;
    }

    @Override
    public void addSplits(List<LogSplit> splits) {
        for (LogSplit split : splits) {
            PartitionCursor old = cursors.put(split.partition(), bus.cursor(split.partition(), split.offset()));
            if (old != null) {
                old.close();
            }
            counters.positions.put(split.partition(), split.offset());
        }
    }

    @Override
    public void notifyNoMoreSplits() {
    }

    @Override
    public void close() {
        cursors.values().forEach(PartitionCursor::close);
        cursors.clear();
    }
}
