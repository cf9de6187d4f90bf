package org.openenos.timeseries.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.timeseries.LatestValueCache;
import org.openenos.timeseries.StoragePolicy;
import org.openenos.timeseries.TimeSeriesStore;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage that moves values from the bus into the store: poll, store durably, update the latest values, notify
 * listeners, and only then commit the offsets. Records that were in the log before this start may already be stored
 * (the crash came between the store's commit and the offset commit), so they are appended in
 * {@link AppendMode#MAY_REPEAT}; so are batches holding a record of resumed device data, which the device may have
 * sent before.
 */
public final class StorageStage implements AutoCloseable {
    public static final String GROUP = "timeseries-store";
    private static final Logger LOG = LoggerFactory.getLogger(StorageStage.class);
    /*
     * A store append commits synchronously, so larger batches mean fewer commits and fewer batches that reach behind
     * what is committed (the engine's slow out-of-order path); 2,000 records per poll were about half as fast as
     * 8,000 in the ingest benchmark. The batch is sized in values, from the previous poll's values per record, so a
     * log of large records does not make one batch hold millions of values.
     */
    private static final int MAX_RECORDS_PER_POLL = 8_000;
    private static final int MIN_RECORDS_PER_POLL = 100;
    private static final int VALUES_PER_BATCH = 200_000;

    private final BusConsumer consumer;
    private final TimeSeriesStore store;
    private final LatestValueCache latest;
    private final StoragePolicy policy;
    private final SubscriptionHub subscriptions;
    private final Map<Integer, Long> endAtStart;
    private final Map<Integer, Long> consumerStart;
    private final Thread thread;
    private final ExecutorService appender = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("telemetry-store-append").daemon().unstarted(r));
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile long storedOffsets;
    private volatile Map<Integer, Long> committed = Map.of();
    private int recordsPerPoll = MAX_RECORDS_PER_POLL;

    public StorageStage(TelemetryBus bus, TimeSeriesStore store, LatestValueCache latest, StoragePolicy policy,
                        SubscriptionHub subscriptions) {
        this.endAtStart = bus.endOffsets();
        this.consumer = bus.consumer(GROUP);
        this.consumerStart = consumer.committed();
        this.store = store;
        this.latest = latest;
        this.policy = policy;
        this.subscriptions = subscriptions;
        this.thread = Thread.ofPlatform().name("telemetry-store-stage").daemon().start(this::run);
    }

    /** Whether everything below {@code ends} (per partition) is stored and committed. */
    public boolean caughtUpWith(Map<Integer, Long> ends) {
        Map<Integer, Long> done = committed.isEmpty() ? consumerStart : committed;
        return ends.entrySet().stream().allMatch(e -> done.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Records acknowledged to producers but not yet stored and committed: the stage's lag behind the log. */
    public long backlog(Map<Integer, Long> ends) {
        Map<Integer, Long> done = committed.isEmpty() ? consumerStart : committed;
        return ends.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - done.getOrDefault(e.getKey(), 0L)))
                .sum();
    }

    /** Records stored since start, for tests and metrics. */
    public long storedRecords() {
        return storedOffsets;
    }

    /**
     * Polls batch N+1 (reading, checking and decoding the log) while the store writes batch N: on two cores that
     * overlap was worth more than any single change to either side. Offsets are still committed in order and only
     * after their batch is stored, and poll and commit stay on this one thread as a Kafka consumer requires.
     */
    private void run() {
        try {
            Batch inFlight = null;
            while (running) {
                List<BusRecord> records = consumer.poll(Duration.ofMillis(inFlight == null ? 100 : 0),
                        recordsPerPoll);
                if (inFlight != null) {
                    finish(inFlight);
                    inFlight = null;
                }
                if (!records.isEmpty()) {
                    inFlight = start(records);
                }
            }
            if (inFlight != null) {
                finish(inFlight);
            }
        } catch (RuntimeException e) {
            LOG.error("telemetry store stage stopped", e);
        } finally {
            appender.shutdown();
            consumer.close();
            stopped.countDown();
        }
    }

    private record Batch(List<MeasurePointValue> all, Map<Integer, Long> next, int records,
                         CompletableFuture<Boolean> stored) {
    }

    private Batch start(List<BusRecord> records) {
        int size = 0;
        for (BusRecord r : records) {
            size += r.values().size();
        }
        int perRecord = Math.max(1, size / records.size());
        recordsPerPoll = Math.clamp(VALUES_PER_BATCH / perRecord, MIN_RECORDS_PER_POLL, MAX_RECORDS_PER_POLL);
        var all = new ArrayList<MeasurePointValue>(size);
        var stored = new ArrayList<MeasurePointValue>(size);
        var resumed = new ArrayList<MeasurePointValue>();
        var next = new TreeMap<Integer, Long>();
        boolean replay = false;
        for (BusRecord r : records) {
            all.addAll(r.values());
            next.merge(r.partition(), r.offset() + 1, Math::max);
            replay |= r.offset() < endAtStart.getOrDefault(r.partition(), 0L);
            for (MeasurePointValue v : r.values()) {
                if (policy.stores(v)) {
                    (r.mayRepeat() ? resumed : stored).add(v);
                }
            }
        }
        // Resumed values are checked against the store apart from the rest, so that only they pay for the check;
        // they go second, so a value and its re-send in one batch are stored once.
        AppendMode mode = replay ? AppendMode.MAY_REPEAT : AppendMode.NEW;
        return new Batch(all, next, records.size(), CompletableFuture.supplyAsync(
                () -> storeWithRetry(stored, mode) && storeWithRetry(resumed, AppendMode.MAY_REPEAT), appender));
    }

    private void finish(Batch batch) {
        if (!batch.stored().join()) {
            return;
        }
        latest.update(batch.all());
        subscriptions.publish(batch.all());
        consumer.commit(batch.next());
        committed = consumer.committed();
        storedOffsets += batch.records();
    }

    /** True once stored; false if the stage was closed first (the batch stays uncommitted and is replayed). */
    private boolean storeWithRetry(List<MeasurePointValue> values, AppendMode mode) {
        if (values.isEmpty()) {
            return true;
        }
        long backoff = 100;
        while (running) {
            try {
                store.append(values, mode);
                return true;
            } catch (RuntimeException e) {
                // The store is the only way forward: keep the offsets uncommitted and try again.
                LOG.warn("storing {} telemetry values failed; retrying in {} ms", values.size(), backoff, e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the batch in progress; what is not committed is replayed at the next start. */
    @Override
    public void close() {
        running = false;
        try {
            stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
