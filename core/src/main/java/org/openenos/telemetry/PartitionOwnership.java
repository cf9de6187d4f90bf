package org.openenos.telemetry;

import java.util.Set;

/**
 * Told which partitions a group member reads, so a stage that keeps state per asset can load the state of the assets
 * it is given before it reads their records and drop the state of those it loses. Both calls come on the consumer's
 * own thread, from inside {@link BusConsumer#poll}, or from the consumer's creation for the first assignment of a bus
 * with one member per group; a partition's records are returned only after its {@link #assigned}.
 */
public interface PartitionOwnership {

    /** This member reads these partitions from now on (their previous owner committed what it processed). */
    void assigned(Set<Integer> partitions);

    /**
     * This member no longer reads these partitions: commits of them are refused from now on, so whatever was polled
     * from them must have been processed and committed before the next poll.
     */
    void revoked(Set<Integer> partitions);
}
