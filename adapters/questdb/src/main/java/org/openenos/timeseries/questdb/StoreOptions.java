package org.openenos.timeseries.questdb;

import java.time.Duration;

/**
 * Settings of the embedded store's background maintenance (ADR 0061): rollups, their retention, the compaction of
 * old raw days into day files (ADR 0136) and the conversion of old rollup partitions to Parquet. A
 * {@link Duration#ZERO} retention keeps a rollup forever; a {@link Duration#ZERO} {@code parquetAfter} never
 * compacts.
 *
 * @param rollups                   whether rollups are maintained and used by aggregate queries
 * @param maintenanceInterval       how often the maintenance pass runs (rollups of closed windows, late data);
 *                                  {@link Duration#ZERO} leaves it to explicit calls (tests, tools)
 * @param rollupDelay               how long after a minute ends its values are rolled up; values arriving later are
 *                                  late data and correct the rollups on the next pass
 * @param minuteRetention           how long 1-minute rollups are kept
 * @param tenMinuteRetention        how long 10-minute rollups are kept
 * @param hourRetention             how long 1-hour rollups are kept
 * @param dayRetention              how long 1-day rollups are kept
 * @param parquetAfter              age (by event time) after which whole raw days are compacted into day files
 *                                  and rollup partitions converted to Parquet
 * @param parquetCompressionLevel   ZSTD level of the converted rollup partitions (1–22; higher is smaller and much
 *                                  slower)
 * @param tableSyncInterval         how often the raw table is synced when a batch is applied to it (ADR 0062);
 *                                  {@link Duration#ZERO} syncs at every batch, so a power cut loses nothing the
 *                                  storage stage has passed; longer saves a sync per batch and leaves that much of
 *                                  the table to the kernel's write-back (a killed process still loses nothing)
 */
public record StoreOptions(boolean rollups, Duration maintenanceInterval, Duration rollupDelay,
                           Duration minuteRetention, Duration tenMinuteRetention, Duration hourRetention,
                           Duration dayRetention, Duration parquetAfter, int parquetCompressionLevel,
                           Duration tableSyncInterval) {

    public static final StoreOptions DEFAULTS = new StoreOptions(true, Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofDays(90), Duration.ofDays(366), Duration.ofDays(3653), Duration.ofDays(3653),
            Duration.ofDays(7), 3, Duration.ZERO);

    public StoreOptions {
        if (parquetCompressionLevel < 1 || parquetCompressionLevel > 22) {
            throw new IllegalArgumentException("parquetCompressionLevel must be between 1 and 22");
        }
        if (rollupDelay.isNegative() || maintenanceInterval.isNegative() || parquetAfter.isNegative()
                || tableSyncInterval.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** These options with maintenance left to explicit calls. */
    public StoreOptions manual() {
        return new StoreOptions(rollups, Duration.ZERO, rollupDelay, minuteRetention, tenMinuteRetention,
                hourRetention, dayRetention, parquetAfter, parquetCompressionLevel, tableSyncInterval);
    }

    /** These options with the raw table synced every {@code interval} instead of at every batch. */
    public StoreOptions withTableSyncInterval(Duration interval) {
        return new StoreOptions(rollups, maintenanceInterval, rollupDelay, minuteRetention, tenMinuteRetention,
                hourRetention, dayRetention, parquetAfter, parquetCompressionLevel, interval);
    }

    Duration retention(RollupLevel level) {
        return switch (level) {
            case MINUTE -> minuteRetention;
            case TEN_MINUTES -> tenMinuteRetention;
            case HOUR -> hourRetention;
            case DAY -> dayRetention;
        };
    }
}
