package org.openenos.timeseries.questdb;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's background work on one thread of its own: rollups every pass; rollup retention and Parquet conversion
 * at most hourly (they act on whole partitions, which change by the day). A failing pass is logged and retried on the
 * next one; the rollup state makes a repeated pass harmless.
 */
final class StoreMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);
    private static final long HOUR = 3_600_000L;

    private final RollupJob rollups;
    private final ParquetCompaction compaction;
    private final StoreOptions options;
    private final Clock clock;
    /** Converts the raw table's partitions before the cutoff, with the store's writer released; returns how many. */
    private final LongUnaryOperator convertRaw;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("questdb-maintenance").daemon().unstarted(r));
    private long lastHourly; // 0: the first scheduled pass does the hourly work too
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong convertedPartitions = new AtomicLong();
    private volatile long lastSuccessMillis;

    StoreMaintenance(RollupJob rollups, ParquetCompaction compaction, StoreOptions options, Clock clock,
                     LongUnaryOperator convertRaw) {
        this.rollups = rollups;
        this.compaction = compaction;
        this.options = options;
        this.clock = clock;
        this.convertRaw = convertRaw;
        long every = options.maintenanceInterval().toMillis();
        if (every > 0) {
            thread.scheduleWithFixedDelay(this::runQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** One pass now, on the maintenance thread (waits for it). */
    void runNow(boolean includeHourly) {
        try {
            thread.submit(() -> pass(includeHourly)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void runQuietly() {
        try {
            pass(clock.millis() - lastHourly >= HOUR);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("time-series maintenance pass failed; retrying on the next pass", e);
        }
    }

    private void pass(boolean hourly) {
        if (options.rollups()) {
            rollups.run();
        }
        if (hourly) {
            hourlyWork();
        }
        passes.incrementAndGet();
        lastSuccessMillis = clock.millis();
    }

    /** What the maintenance has done since start; read by metrics. */
    MaintenanceStats stats() {
        return new MaintenanceStats(passes.get(), failures.get(), convertedPartitions.get(), lastSuccessMillis);
    }

    private void hourlyWork() {
        lastHourly = clock.millis();
        if (options.rollups()) {
            rollups.applyRetention();
        }
        if (!options.parquetAfter().isZero()) {
            long cutoff = clock.millis() - options.parquetAfter().toMillis();
            long converted = convertRaw.applyAsLong(cutoff);
            for (RollupLevel level : RollupLevel.values()) {
                converted += compaction.convert(level.table, cutoff);
            }
            convertedPartitions.addAndGet(converted);
            if (converted > 0) {
                LOG.info("converted {} partition(s) older than {} to Parquet", converted,
                        java.time.Instant.ofEpochMilli(cutoff));
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
