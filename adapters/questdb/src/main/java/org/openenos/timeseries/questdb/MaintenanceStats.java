package org.openenos.timeseries.questdb;

/**
 * Counters of the store's background maintenance since start: passes that completed, passes that failed (retried on
 * the next one), rollup partitions converted to Parquet, and the time of the last completed pass (0 before the
 * first). A failure count that grows, or a last pass that falls behind, means rollups and compaction have stopped.
 * The day files (ADR 0136): how many raw days are compacted and their bytes on disk now, days written since start,
 * and how long the last compaction took, in time and in CPU time of the maintenance thread (0 before the first).
 */
public record MaintenanceStats(long passes, long failures, long convertedPartitions, long lastSuccessMillis,
                               long compactedDays, long dayFileBytes, long compactedSinceStart,
                               long lastCompactionNanos, long lastCompactionCpuNanos) {
}
