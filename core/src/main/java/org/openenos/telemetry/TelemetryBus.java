package org.openenos.telemetry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.model.MeasurePointValue;

/**
 * The log between pipeline stages, shaped like a Kafka topic so that a Kafka implementation can replace the embedded
 * one without changing the stages: values are partitioned by assetId (so one asset's values stay in order), each
 * partition has dense offsets, consumers belong to a group and commit the next offset to read. Delivery is
 * at-least-once: after a crash a consumer sees again everything after its last committed offset.
 */
public interface TelemetryBus extends AutoCloseable {

    int partitions();

    /** The partition of an asset: stable for the life of the bus, as Kafka's default partitioner is. */
    default int partitionOf(String assetId) {
        return Math.floorMod(assetId.hashCode(), partitions());
    }

    /**
     * Appends the values, grouped into one record per partition. The future completes once they are durable
     * (fsynced); it is delayed while the bus is saturated and completes exceptionally if they cannot be made durable.
     */
    CompletableFuture<Void> publish(List<MeasurePointValue> values);

    /**
     * {@link #publish(List)}, with {@code mayRepeat} marking values that may already be stored (a device re-sending
     * cached data), so that the storage stage does not store them twice. A bus that cannot carry the mark publishes
     * them as usual (they may then be stored twice).
     */
    default CompletableFuture<Void> publish(List<MeasurePointValue> values, boolean mayRepeat) {
        return publish(values);
    }

    /**
     * Whether {@link #publish} takes values now, without waiting for room or for the network; a caller on a thread
     * that must never block checks this first. False unless the bus knows.
     */
    default boolean acceptsWithoutWaiting() {
        return false;
    }

    /**
     * A consumer of every partition for {@code group}, positioned at the group's committed offsets. What it cannot
     * read (an undecodable record, a damaged stretch of the log) goes to {@code poison} and is skipped: a poison
     * record never stops a consumer.
     */
    BusConsumer consumer(String group, PoisonRecordHandler poison);

    /**
     * {@link #consumer(String, PoisonRecordHandler)} that tells {@code ownership} which partitions it reads. On a bus
     * with one member per group (the embedded log) that is every partition, told once before this returns; on Kafka
     * the group's members share the partitions and {@code ownership} hears of every rebalance.
     */
    default BusConsumer consumer(String group, PoisonRecordHandler poison, PartitionOwnership ownership) {
        BusConsumer consumer = consumer(group, poison);
        var all = new java.util.TreeSet<Integer>();
        for (int p = 0; p < partitions(); p++) {
            all.add(p);
        }
        ownership.assigned(java.util.Collections.unmodifiableSet(all));
        return consumer;
    }

    /** Where a group that has committed nothing yet starts reading. */
    enum NewGroupStart {
        /** From the oldest retained record: a new group processes everything the bus still holds. */
        OLDEST,
        /**
         * From the end of each partition as the group first gets it: for readers whose state comes from elsewhere
         * (the alert stage loads it from PostgreSQL), so records older than the group are not evaluated again.
         */
        LATEST
    }

    /**
     * {@link #consumer(String, PoisonRecordHandler, PartitionOwnership)} with where a new group starts; once it has
     * committed, a group resumes from its commits whatever this says. The embedded log, whose groups live on one node
     * with the log, starts every new group at the oldest retained record.
     */
    default BusConsumer consumer(String group, PoisonRecordHandler poison, PartitionOwnership ownership,
                                 NewGroupStart start) {
        return consumer(group, poison, ownership);
    }

    /** {@link #consumer(String, PoisonRecordHandler)} that logs and counts poison but keeps no dead letters. */
    default BusConsumer consumer(String group) {
        return consumer(group, PoisonRecordHandler.loggingOnly(group));
    }

    /**
     * When the record at {@code offset} of {@code partition} was made durable (epoch milliseconds, to within a
     * fraction of a second), or -1 if unknown; it tells how old a consumer's lag is.
     */
    default long appendedAtMillis(int partition, long offset) {
        return -1;
    }

    /**
     * A cursor over one partition from {@code fromOffset} on (from the oldest retained record when that offset is no
     * longer retained). Buses that cannot position a reader do not support it.
     */
    default PartitionCursor cursor(int partition, long fromOffset) {
        throw new UnsupportedOperationException("this telemetry bus cannot position readers");
    }

    /**
     * A reader of every partition from its current end, outside any consumer group: every record published after
     * this returns is read, none before. What it cannot decode is logged and counted under {@code reader}, and
     * skipped. Buses that cannot position readers do not support it.
     */
    default BusTail tail(String reader) {
        throw new UnsupportedOperationException("this telemetry bus cannot position readers");
    }

    /** The offset the next published record of each partition will get. */
    Map<Integer, Long> endOffsets();

    @Override
    void close();
}
