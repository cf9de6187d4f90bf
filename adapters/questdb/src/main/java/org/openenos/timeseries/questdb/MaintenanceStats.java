package org.openenos.timeseries.questdb;

/**
 * Counters of the store's background maintenance since start: passes that completed, passes that failed (retried on
 * the next one), partitions converted to Parquet, and the time of the last completed pass (0 before the first). A
 * failure count that grows, or a last pass that falls behind, means rollups and compaction have stopped.
 */
public record MaintenanceStats(long passes, long failures, long convertedPartitions, long lastSuccessMillis) {
}
