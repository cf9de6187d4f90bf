package org.openenos.timeseries.questdb;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's background work on one thread of its own: rollups every pass; rollup retention, compaction of raw days
 * into day files (only days every rollup level has passed) and Parquet conversion of rollups
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
    /** Compacts the raw table's days before the cutoff into day files (on the store's writer thread). */
    private final LongFunction<DayFileCompaction.Result> compactRaw;
    private final DayFiles dayFiles;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("questdb-maintenance").daemon().unstarted(r));
    private long lastHourly; // 0: the first scheduled pass does the hourly work too
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong convertedPartitions = new AtomicLong();
    private final AtomicLong compactedDays = new AtomicLong();
    private volatile long lastCompactionNanos;
    private volatile long lastCompactionCpuNanos;
    private volatile long lastSuccessMillis;

    StoreMaintenance(RollupJob rollups, ParquetCompaction compaction, StoreOptions options, Clock clock,
                     LongFunction<DayFileCompaction.Result> compactRaw, DayFiles dayFiles) {
        this.rollups = rollups;
        this.compaction = compaction;
        this.options = options;
        this.clock = clock;
        this.compactRaw = compactRaw;
        this.dayFiles = dayFiles;
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
        return new MaintenanceStats(passes.get(), failures.get(), convertedPartitions.get(), lastSuccessMillis,
                dayFiles.count(), dayFiles.bytes(), compactedDays.get(), lastCompactionNanos, lastCompactionCpuNanos);
    }

    private void hourlyWork() {
        lastHourly = clock.millis();
        if (options.rollups()) {
            rollups.applyRetention();
        }
        if (!options.parquetAfter().isZero()) {
            long cutoff = clock.millis() - options.parquetAfter().toMillis();
            if (options.rollups()) {
                // a day is compacted only once every level is rolled up past it
                cutoff = Math.min(cutoff, rollups.rolledUpTo());
            }
            var compacted = compactRaw.apply(cutoff);
            compactedDays.addAndGet(compacted.days());
            lastCompactionNanos = compacted.nanos();
            lastCompactionCpuNanos = compacted.cpuNanos();
            if (compacted.days() > 0) {
                LOG.info("compacted {} raw day(s) older than {} into day files in {} ms ({} ms CPU)", compacted.days(),
                        java.time.Instant.ofEpochMilli(cutoff), compacted.nanos() / 1_000_000,
                        compacted.cpuNanos() / 1_000_000);
            }
            long converted = 0;
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
