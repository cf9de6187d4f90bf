package org.openenos.timeseries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.openenos.security.PrivateFiles;
import org.openenos.telemetry.DeadLetters;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.telemetry.Telemetry;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.telemetry.TelemetryBusProvider;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.telemetry.TelemetrySubscriptions;
import org.openenos.timeseries.internal.BackPressuredIngest;
import org.openenos.timeseries.internal.BacklogGate;
import org.openenos.timeseries.internal.StorageStage;
import org.openenos.timeseries.internal.SubscriptionHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the telemetry pipeline around a store: ingest → durable log → storage stage → store, latest values and
 * subscribers; plus the query service. The server calls {@link #start} once and {@link #close} on shutdown; the
 * store is opened by its adapter and owned (closed) by this module from then on.
 *
 * <p>Start order matters: the latest-value cache is rebuilt from the store before the stage replays the log, so the
 * replay can only move values forward.
 */
public final class TimeSeriesModule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimeSeriesModule.class);
    /** Where values and records the pipeline's consumers could not process are kept, under the module's directory. */
    public static final String DEAD_LETTER_FILE = "dead-letters.tsv";
    private final TelemetryBus bus;
    private final TimeSeriesStore store;
    private final StorageStage stage;
    private final SubscriptionHub subscriptions;
    private final DeadLetters deadLetters;
    private final PoisonRecordHandler storePoison;
    private final PoisonRecordHandler listenerPoison;
    private final TelemetryIngest ingest;
    private final TsdbQueryService queries;
    private final TsdbExport export;
    private final StoragePolicy policy;
    private final Clock clock;
    private final ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("timeseries-retention").daemon().unstarted(r));
    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);
    private final ScheduledFuture<?> ownRetention;
    private volatile BacklogGate gate;

    private TimeSeriesModule(Path dataDir, TimeSeriesConfig config, TimeSeriesStore store, AssetTimezones timezones,
                             PointSignalTypes signals, TelemetryBusProvider busProvider, Clock clock) {
        this.store = store;
        LatestValues latest = latestValues(dataDir, store);
        var opened = busProvider.open(dataDir.resolve("telemetry-log"), dataDir.resolve(DEAD_LETTER_FILE));
        this.bus = opened.bus();
        this.deadLetters = opened.deadLetters();
        this.storePoison = new PoisonRecordHandler(StorageStage.GROUP, deadLetters, clock);
        this.listenerPoison = new PoisonRecordHandler("telemetry-subscriptions", deadLetters, clock);
        this.subscriptions = new SubscriptionHub(listenerPoison);
        this.stage = new StorageStage(bus, store, latest, config.policy(), subscriptions, storePoison, clock);
        this.ingest = Telemetry.ingestInto(bus);
        this.queries = new TsdbQueryService(store, latest, timezones, signals, clock);
        this.export = new TsdbExport(store, timezones);
        this.policy = config.policy();
        this.clock = clock;
        this.ownRetention = retention.scheduleWithFixedDelay(this::applyRetentionQuietly, 1, 60, TimeUnit.MINUTES);
    }

    /**
     * A node with a store of its own keeps the latest values in memory, rebuilt from the store before the stage
     * replays the log. Nodes sharing a store read them from it: each node's stage sees only the partitions it owns.
     */
    private static LatestValues latestValues(Path dataDir, TimeSeriesStore store) {
        if (store.sharedByNodes()) {
            return new StoredLatestValues(store);
        }
        var cache = new LatestValueCache(dataDir.resolve("latest-deletions.tsv"));
        cache.rebuildFrom(store);
        return cache;
    }

    /**
     * A store the nodes of a cluster share has its retention run by one node per hour, not by all: this gives the
     * hourly run to {@code scheduleOnce} (the cluster's once-per-cluster scheduler) and stops the module's own.
     * A store of this node alone keeps its own run. Returns whether the run was handed over.
     */
    public boolean handRetentionToCluster(BiConsumer<Duration, Runnable> scheduleOnce) {
        if (!store.sharedByNodes()) {
            return false;
        }
        ownRetention.cancel(false);
        scheduleOnce.accept(RETENTION_INTERVAL, this::applyRetentionQuietly);
        return true;
    }

    /**
     * Deletes what the storage policy no longer keeps (whole day partitions); runs hourly, callable for tests and
     * operators. Returns the cutoff applied, if any.
     */
    public Optional<Long> applyRetention() {
        Optional<Long> cutoff = policy.retentionCutoff(clock.millis());
        cutoff.ifPresent(store::deleteBefore);
        return cutoff;
    }

    private void applyRetentionQuietly() {
        try {
            applyRetention().ifPresent(t -> LOG.info("retention applied: data before {} deleted",
                    java.time.Instant.ofEpochMilli(t)));
        } catch (RuntimeException e) {
            LOG.warn("retention run failed; retrying in an hour", e);
        }
    }

    /**
     * Starts the module on {@code dataDir} (created if missing; it holds the log and latest-value tombstones, the
     * store keeps its own directory).
     */
    public static TimeSeriesModule start(Path dataDir, TimeSeriesConfig config, TimeSeriesStore store,
                                         AssetTimezones timezones, PointSignalTypes signals) {
        return start(dataDir, config, store, timezones, signals, TelemetryBusProvider.embedded(config.bus()));
    }

    /**
     * As {@link #start(Path, TimeSeriesConfig, TimeSeriesStore, AssetTimezones, PointSignalTypes)} on the bus
     * {@code busProvider} opens (Kafka, for a cluster) instead of the embedded log.
     */
    public static TimeSeriesModule start(Path dataDir, TimeSeriesConfig config, TimeSeriesStore store,
                                         AssetTimezones timezones, PointSignalTypes signals,
                                         TelemetryBusProvider busProvider) {
        try {
            PrivateFiles.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        return new TimeSeriesModule(dataDir, config, store, timezones, signals, busProvider, Clock.systemUTC());
    }

    public TelemetryIngest ingest() {
        return ingest;
    }

    /**
     * The ingest for devices: as {@link #ingest()}, but while the storage stage lags past {@code limits} the
     * acknowledgements of durable values are held until it is back under them, so devices slow down instead of the
     * backlog growing without bound (ADR 0133). Producers inside the platform (stream jobs, batch steps) keep
     * {@link #ingest()}: what they derive already came through here. One per module: call it once.
     */
    public synchronized TelemetryIngest deviceIngest(BackPressure limits) {
        if (gate != null) {
            throw new IllegalStateException("the device ingest is already made");
        }
        gate = new BacklogGate(limits, this::backlogRecords, () -> stage.oldestUnstoredAge(bus.endOffsets()));
        return new BackPressuredIngest(ingest, gate);
    }

    /** Whether device acknowledgements are held for the storage stage right now, and how often they were. */
    public BackPressureStatus backPressure() {
        BacklogGate current = gate;
        return current == null ? BackPressureStatus.NONE : current.status();
    }

    public TsdbQueryService queries() {
        return queries;
    }

    public TsdbExport export() {
        return export;
    }

    public TelemetrySubscriptions subscriptions() {
        return subscriptions;
    }

    public TelemetryBus bus() {
        return bus;
    }

    public TimeSeriesStore store() {
        return store;
    }

    /** Log records stored since start (a record holds one publish's values of one partition). */
    public long storedRecords() {
        return stage.storedRecords();
    }

    /** Log records acknowledged but not yet in the store. */
    public long backlogRecords() {
        return stage.backlog(bus.endOffsets());
    }

    /** The storage stage's state, lag and poison counters, for health and metrics. */
    public PipelineStatus status() {
        var ends = bus.endOffsets();
        boolean running = stage.running();
        String problem = running ? stage.problem() : stage.stoppedBecause();
        return new PipelineStatus(running, problem, stage.backlog(ends), stage.oldestUnstoredAge(ends),
                stage.storedRecords(), storePoison.undecodableRecords(), storePoison.corruptRegions(),
                storePoison.lostRecords(), storePoison.refusedValues() + listenerPoison.refusedValues(),
                deadLetters.count());
    }

    /** What the pipeline's consumers set aside (undecodable records, refused values). */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /**
     * Waits until every value acknowledged so far is in the store (the storage stage has caught up with the log);
     * for tests and orderly shutdown. Returns false on timeout.
     */
    public boolean awaitStored(java.time.Duration timeout) throws InterruptedException {
        var ends = bus.endOffsets();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stage.caughtUpWith(ends)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Stops accepting, writes what is queued, stops the stage after its batch, closes the store. */
    @Override
    public void close() {
        retention.shutdownNow();
        BacklogGate current = gate;
        if (current != null) {
            current.close();
        }
        bus.close();
        stage.close();
        store.close();
    }
}
