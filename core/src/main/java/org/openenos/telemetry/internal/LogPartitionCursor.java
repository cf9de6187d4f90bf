package org.openenos.telemetry.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.PartitionCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link PartitionCursor} of the embedded log; registered with the bus so its segments are kept while it reads. */
final class LogPartitionCursor implements PartitionCursor {
    private static final Logger LOG = LoggerFactory.getLogger(LogPartitionCursor.class);
    private final LogTelemetryBus bus;
    private final PartitionReader reader;
    private final int partition;
    private volatile long position;

    LogPartitionCursor(LogTelemetryBus bus, PartitionLog log, long fromOffset) {
        this(bus, log, fromOffset, "cursor");
    }

    /** {@code reader} names the reader in the logs and counts of what it could not decode. */
    LogPartitionCursor(LogTelemetryBus bus, PartitionLog log, long fromOffset, String reader) {
        this.bus = bus;
        this.partition = log.partition();
        long oldest = log.segments().isEmpty() ? 0 : log.segments().firstKey();
        if (fromOffset < oldest) {
            // a reader paused for longer than the log keeps consumed segments
            LOG.warn("partition {}: records {} to {} were deleted before this reader got to them; reading from {}",
                    partition, fromOffset, oldest - 1, oldest);
        }
        this.position = Math.min(Math.max(fromOffset, oldest), log.durableEnd());
        // a damaged stretch is logged and counted (the bus's own consumers keep its bytes as dead letters)
        this.reader = new PartitionReader(log, position,
                PoisonRecordHandler.loggingOnly(reader + "-p" + partition));
    }

    int partition() {
        return partition;
    }

    @Override
    public List<BusRecord> poll(int maxRecords) {
        var records = new ArrayList<BusRecord>();
        try {
            BusRecord next;
            while (records.size() < maxRecords && (next = reader.next()) != null) {
                records.add(next);
                position = next.offset() + 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void close() {
        bus.release(this);
        reader.close();
    }
}
