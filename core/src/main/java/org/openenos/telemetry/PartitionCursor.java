package org.openenos.telemetry;

import java.util.List;

/**
 * A reader of one bus partition from an offset its owner chose, for consumers that keep their offsets themselves
 * (the stream engine keeps them in its checkpoints, as Flink's Kafka source does). Not thread-safe. While open, the
 * bus keeps the records from its position on.
 */
public interface PartitionCursor extends AutoCloseable {

    /** Up to {@code maxRecords} durable records from the position on, without waiting; empty at the durable end. */
    List<BusRecord> poll(int maxRecords);

    /** The offset of the next record {@link #poll} returns. */
    long position();

    @Override
    void close();
}
