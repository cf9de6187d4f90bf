package org.openenos.alerting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.PartitionOwnership;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.telemetry.TelemetryBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the alert engine from the bus as a consumer group of its own, when several server nodes share the bus (ADR
 * 0122): each node evaluates the assets of the partitions the group gives it. Before it evaluates a partition's
 * records, the engine loads the state of that partition's assets from the stores; when the partition moves away, the
 * state is dropped. Offsets are committed only once the engine has evaluated the records and written what they
 * raised and recovered, so a node that dies leaves its uncommitted records to the next owner, which evaluates them
 * again against the stored state: a raise or recovery already written is not written, nor announced, twice.
 *
 * <p>A new group starts at the end of the bus, not at its oldest retained record: the state of the assets is in
 * PostgreSQL, and evaluating days of retained values (a cluster moved onto a topic that has data, offsets expired
 * after a long stop) would raise and recover their old alerts again with today's timers and notifications.
 */
public final class AlertStage implements AutoCloseable {
    public static final String GROUP = "alert-engine";
    private static final Logger LOG = LoggerFactory.getLogger(AlertStage.class);
    private static final int MAX_RECORDS = 2_000;

    private final TelemetryBus bus;
    private final AlertEngine engine;
    private final PoisonRecordHandler poison;
    private final Counter evaluatedRecords;
    private final Thread thread;
    private final Ownership ownership = new Ownership();
    private BusConsumer consumer;
    private volatile boolean running = true;
    private volatile Map<Integer, Long> committed = Map.of();
    private volatile String problem;

    public AlertStage(TelemetryBus bus, AlertEngine engine, PoisonRecordHandler poison, MeterRegistry meters) {
        this.bus = bus;
        this.engine = engine;
        this.poison = poison;
        this.evaluatedRecords = meters.counter("openenos.alerts.stage.records");
        meters.gauge("openenos.alerts.stage.partitions", ownership, o -> o.owned.size());
        meters.gauge("openenos.alerts.stage.backlog", this, AlertStage::backlog);
        this.consumer = bus.consumer(GROUP, poison, ownership, TelemetryBus.NewGroupStart.LATEST);
        this.committed = consumer.committed();
        this.thread = Thread.ofPlatform().name("alert-stage").daemon().start(this::run);
    }

    /** The bus partitions whose assets this node evaluates now. */
    public Set<Integer> ownedPartitions() {
        return Set.copyOf(ownership.owned);
    }

    /** Records acknowledged to devices but not yet evaluated for alerts (by any node of the group). */
    public long backlog() {
        Map<Integer, Long> done = committed;
        return bus.endOffsets().entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - done.getOrDefault(e.getKey(), 0L))).sum();
    }

    /** Why the stage cannot read the bus right now, or null while it can. */
    public String problem() {
        return problem;
    }

    private void run() {
        while (running) {
            try {
                List<BusRecord> records = consumer.poll(Duration.ofMillis(200), MAX_RECORDS);
                problem = null;
                if (records.isEmpty()) {
                    continue;
                }
                List<MeasurePointValue> values = new ArrayList<>();
                Map<Integer, Long> next = new HashMap<>();
                for (BusRecord r : records) {
                    values.addAll(r.values());
                    next.merge(r.partition(), r.offset() + 1, Math::max);
                }
                engine.onValues(values);
                // raises and recoveries are written by the evaluator threads: wait for them before committing
                engine.flush();
                consumer.commit(next);
                committed = consumer.committed();
                evaluatedRecords.increment(records.size());
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                // Nothing was committed: a new member reads the same records again, evaluated idempotently.
                problem = "evaluating alerts from the telemetry bus failed: " + e.getMessage();
                LOG.warn("alert stage: reading or evaluating failed; rejoining the group in 1 s", e);
                sleep();
                reopen();
            }
        }
    }

    private void reopen() {
        try {
            consumer.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the failed alert consumer", e);
        }
        ownership.revoked(Set.copyOf(ownership.owned));
        try {
            consumer = bus.consumer(GROUP, poison, ownership, TelemetryBus.NewGroupStart.LATEST);
        } catch (RuntimeException e) {
            LOG.error("alert stage: cannot rejoin the consumer group", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the batch in progress; what is not committed is evaluated again by the next owner. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }

    /** Loads and drops the engine's state as the group moves partitions; runs on the stage's thread. */
    private final class Ownership implements PartitionOwnership {
        private final Set<Integer> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void assigned(Set<Integer> partitions) {
            owned.addAll(partitions);
            Set<Integer> now = Set.copyOf(owned);
            engine.owning(assetId -> now.contains(bus.partitionOf(assetId)));
            engine.adopt(assetId -> partitions.contains(bus.partitionOf(assetId)));
            LOG.info("alert stage: evaluating the assets of partitions {}", new TreeSet<>(owned));
        }

        @Override
        public void revoked(Set<Integer> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            owned.removeAll(partitions);
            Set<Integer> now = Set.copyOf(owned);
            engine.owning(assetId -> now.contains(bus.partitionOf(assetId)));
            engine.release(assetId -> partitions.contains(bus.partitionOf(assetId)));
            LOG.info("alert stage: partitions {} given up (a rebalance, or this node leaving)",
                    new TreeSet<>(partitions));
        }
    }
}
