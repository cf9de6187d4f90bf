package org.openenos.telemetry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.BusTail;

/**
 * A {@link BusTail} of the embedded log: one cursor per partition, opened at the partition's durable end, waiting
 * for the writer's next group commit when every partition is read up to its end.
 */
final class LogTail implements BusTail {
    private final LogTelemetryBus bus;
    private final List<PartitionLog> logs;
    private final List<LogPartitionCursor> cursors = new ArrayList<>();
    private int next;

    LogTail(LogTelemetryBus bus, String reader) {
        this.bus = bus;
        this.logs = bus.logs();
        for (PartitionLog log : logs) {
            cursors.add(bus.register(new LogPartitionCursor(bus, log, log.durableEnd(), reader)));
        }
    }

    @Override
    public List<BusRecord> poll(Duration timeout, int maxRecords) {
        long deadline = System.nanoTime() + timeout.toNanos();
        var records = new ArrayList<BusRecord>();
        try {
            while (true) {
                // round-robin from where the last poll stopped, so a busy partition cannot starve the others
                for (int n = 0; n < cursors.size() && records.size() < maxRecords; n++) {
                    records.addAll(cursors.get(next).poll(maxRecords - records.size()));
                    next = (next + 1) % cursors.size();
                }
                long left = deadline - System.nanoTime();
                if (!records.isEmpty() || left <= 0) {
                    return records;
                }
                bus.awaitAppend(Math.min(left / 1_000_000, 50));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return records;
        }
    }

    @Override
    public Map<Integer, Long> lag() {
        var lag = new TreeMap<Integer, Long>();
        for (int p = 0; p < cursors.size(); p++) {
            lag.put(p, Math.max(0, logs.get(p).durableEnd() - cursors.get(p).position()));
        }
        return lag;
    }

    @Override
    public void close() {
        cursors.forEach(LogPartitionCursor::close);
    }
}
