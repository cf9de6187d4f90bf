package org.openenos.timeseries.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.PoisonIsolation;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.timeseries.LatestValues;
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
 *
 * <p>Nothing stops the stage silently. Undecodable records and damaged stretches of the log are handled by the
 * consumer's {@link PoisonRecordHandler}. A batch the store keeps refusing is split until the values it refuses are
 * isolated; those go to the dead letters and the rest is stored. When the store refuses everything (it is down), the
 * stage keeps the batch, retries with back-off and reports the problem in {@link #problem()}; a failure of the log
 * itself reopens the consumer at the committed offsets.
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
    /** Whole-batch attempts before the batch is split: most store failures are transient. */
    private static final int ATTEMPTS_BEFORE_SPLIT = 3;
    /** Single values failing with nothing stored before the store counts as down rather than the values as bad. */
    private static final int FAILURES_BEFORE_OUTAGE = 16;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final TelemetryBus bus;
    private final PoisonRecordHandler poison;
    private final Clock clock;
    private volatile BusConsumer consumer; // replaced on reopen; read by the lag's age from other threads
    private final TimeSeriesStore store;
    private final LatestValues latest;
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
    private volatile String logProblem;
    private volatile String storeProblem;
    private volatile String commitProblem;
    private volatile String stoppedBecause;
    private int recordsPerPoll = MAX_RECORDS_PER_POLL;

    public StorageStage(TelemetryBus bus, TimeSeriesStore store, LatestValues latest, StoragePolicy policy,
                        SubscriptionHub subscriptions, PoisonRecordHandler poison, Clock clock) {
        this.bus = bus;
        this.poison = poison;
        this.clock = clock;
        this.endAtStart = bus.endOffsets();
        this.consumer = bus.consumer(GROUP, poison);
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
     * How long ago the oldest record not yet stored and committed was made durable in the log; zero when the stage
     * has caught up with {@code ends}.
     */
    public Duration oldestUnstoredAge(Map<Integer, Long> ends) {
        Map<Integer, Long> done = committed.isEmpty() ? consumerStart : committed;
        long oldest = Long.MAX_VALUE;
        for (var e : ends.entrySet()) {
            long next = done.getOrDefault(e.getKey(), 0L);
            if (next < e.getValue()) {
                long at = consumer.appendedAtMillis(e.getKey(), next);
                if (at < 0) {
                    at = bus.appendedAtMillis(e.getKey(), next);
                }
                oldest = Math.min(oldest, at < 0 ? clock.millis() : at);
            }
        }
        return oldest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis() - oldest));
    }

    /** Why the stage cannot make progress right now (the store or the log fails), or null while it can. */
    public String problem() {
        String store = storeProblem;
        String log = logProblem;
        return store != null ? store : log != null ? log : commitProblem;
    }

    /** Whether the stage's thread is running (it stops only on close, or on an error it cannot survive). */
    public boolean running() {
        return stopped.getCount() > 0;
    }

    /** Why the stage's thread ended, or null while it runs or after a regular close. */
    public String stoppedBecause() {
        return stoppedBecause;
    }

    /**
     * Polls batch N+1 (reading, checking and decoding the log) while the store writes batch N: on two cores that
     * overlap was worth more than any single change to either side. Offsets are still committed in order and only
     * after their batch is stored, and poll and commit stay on this one thread as a Kafka consumer requires.
     */
    private void run() {
        Batch inFlight = null;
        try {
            long backoff = 100;
            while (running) {
                List<BusRecord> records;
                try {
                    records = consumer.poll(Duration.ofMillis(inFlight == null ? 100 : 0), recordsPerPoll);
                } catch (RuntimeException e) {
                    if (inFlight != null) {
                        finish(inFlight);
                        inFlight = null;
                    }
                    logProblem = "reading the telemetry log failed: " + e.getMessage();
                    LOG.error("telemetry store stage: reading the log failed; reopening at the committed offsets in "
                            + "{} ms", backoff, e);
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                    reopenConsumer();
                    continue;
                }
                backoff = 100;
                logProblem = null;
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
        } catch (RuntimeException | Error e) {
            stoppedBecause = e.toString();
            LOG.error("telemetry store stage stopped: nothing more is stored until a restart", e);
        } finally {
            appender.shutdown();
            consumer.close();
            stopped.countDown();
        }
    }

    private void reopenConsumer() {
        try {
            consumer.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the failed consumer", e);
        }
        try {
            consumer = bus.consumer(GROUP, poison);
            committed = consumer.committed();
        } catch (RuntimeException e) {
            // The closed consumer reopens its files on the next poll; the loop keeps trying with back-off.
            LOG.error("telemetry store stage: cannot reopen the log consumer", e);
        }
    }

    private record Batch(List<MeasurePointValue> all, Map<Integer, Long> next, int records,
                         CompletableFuture<Stored> stored) {
    }

    /** Whether the batch was stored (false: the stage closed first), and the values refused one by one. */
    private record Stored(boolean done, Set<MeasurePointValue> refused) {
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
                if (storedByPolicy(v)) {
                    (r.mayRepeat() ? resumed : stored).add(v);
                }
            }
        }
        // Resumed values are checked against the store apart from the rest, so that only they pay for the check;
        // they go second, so a value and its re-send in one batch are stored once.
        AppendMode mode = replay ? AppendMode.MAY_REPEAT : AppendMode.NEW;
        return new Batch(all, next, records.size(), CompletableFuture.supplyAsync(() -> {
            Set<MeasurePointValue> refused = Collections.newSetFromMap(new IdentityHashMap<>());
            boolean done = store(stored, mode, refused) && store(resumed, AppendMode.MAY_REPEAT, refused);
            return new Stored(done, refused);
        }, appender));
    }

    private boolean storedByPolicy(MeasurePointValue v) {
        try {
            return policy.stores(v);
        } catch (RuntimeException e) {
            poison.refused("policy-failed", List.of(v), e);
            return false;
        }
    }

    private void finish(Batch batch) {
        Stored result = batch.stored().join();
        if (!result.done()) {
            return;
        }
        List<MeasurePointValue> kept = batch.all();
        if (!result.refused().isEmpty()) {
            kept = kept.stream().filter(v -> !result.refused().contains(v)).toList();
        }
        latest.update(kept);
        subscriptions.publish(kept);
        storedOffsets += batch.records();
        try {
            consumer.commit(batch.next());
            committed = consumer.committed();
            commitProblem = null;
        } catch (RuntimeException e) {
            // The values are stored: an uncommitted batch is only replayed (without duplicates) after a restart, and
            // the next commit writes these offsets too.
            commitProblem = "committing log offsets failed: " + e.getMessage();
            LOG.error("telemetry store stage: committing log offsets failed", e);
        }
    }

    /**
     * True once the values are stored or set aside; false if the stage was closed first (the batch stays uncommitted
     * and is replayed). A failing batch is tried again a few times, then split to isolate the values the store
     * refuses; while the store refuses everything, the values left are retried with back-off.
     */
    private boolean store(List<MeasurePointValue> values, AppendMode mode, Set<MeasurePointValue> refused) {
        long backoff = 100;
        List<MeasurePointValue> left = values;
        while (running && !left.isEmpty()) {
            RuntimeException failure = tryAppend(left, mode);
            for (int attempt = 1; failure != null && attempt < ATTEMPTS_BEFORE_SPLIT && running; attempt++) {
                sleep(100L << (attempt - 1));
                failure = tryAppend(left, mode);
            }
            if (failure == null) {
                storeProblem = null;
                return true;
            }
            var outcome = PoisonIsolation.isolate(left, part -> store.append(part, mode), FAILURES_BEFORE_OUTAGE);
            for (var bad : outcome.poison()) {
                refused.add(bad.item());
                poison.refused("refused", List.of(bad.item()), bad.error());
            }
            left = outcome.unresolved();
            if (outcome.targetDown()) {
                storeProblem = "the time-series store refuses every write: " + failure.getMessage();
                LOG.warn("storing {} telemetry values failed; retrying in {} ms", left.size(), backoff, failure);
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
        if (left.isEmpty()) {
            storeProblem = null;
            return true;
        }
        return false;
    }

    private RuntimeException tryAppend(List<MeasurePointValue> values, AppendMode mode) {
        try {
            store.append(values, mode);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
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
