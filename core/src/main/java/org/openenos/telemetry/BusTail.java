package org.openenos.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A reader of every partition of a bus from where each partition ended when it was opened, in no consumer group: it
 * commits nothing and takes no partition from any group's members, so every server node can follow the whole bus
 * (live values) while its groups share the work. Not thread-safe: one thread polls and asks for the lag.
 */
public interface BusTail extends AutoCloseable {

    /** Up to {@code maxRecords} records published since the last poll; waits up to {@code timeout} for one. */
    List<BusRecord> poll(Duration timeout, int maxRecords);

    /**
     * Per partition, the records published that this reader has not returned yet, as of its last poll (-1 while
     * unknown).
     */
    Map<Integer, Long> lag();

    @Override
    void close();
}
