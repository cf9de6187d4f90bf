package org.openenos.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads a bus in offset order per partition; not thread-safe (one thread polls, as with Kafka's consumer). */
public interface BusConsumer extends AutoCloseable {

    /** Up to {@code maxRecords} durable records; waits up to {@code timeout} when none is available. */
    List<BusRecord> poll(Duration timeout, int maxRecords);

    /**
     * Persists, durably, the next offset to read for each partition given. Call it only after whatever the records
     * fed has been made durable itself: everything after the committed offset is delivered again after a restart.
     */
    void commit(Map<Integer, Long> nextOffsets);

    /**
     * Moves past every record below {@code nextOffsets} without reading it and commits that position durably, for a
     * group that has no use for those records (nothing subscribes to them). Never moves back. Returns false, having
     * done nothing, where the bus cannot do that cheaply (a consumer that must keep polling to stay in its group): the
     * caller then reads the records as usual.
     */
    default boolean skipTo(Map<Integer, Long> nextOffsets) {
        return false;
    }

    /**
     * When the record at {@code offset} of a partition this consumer reads was made durable (epoch milliseconds, to
     * within a fraction of a second), from what it has fetched; -1 when it does not know. Unlike the other methods it
     * may be called from any thread. Buses that know it for every offset answer {@link TelemetryBus#appendedAtMillis}
     * instead.
     */
    default long appendedAtMillis(int partition, long offset) {
        return -1;
    }

    /** The committed next offset of each partition (0 when nothing was committed). */
    Map<Integer, Long> committed();

    @Override
    void close();
}
