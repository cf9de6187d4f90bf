package org.openenos.batch;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Limits of batch processing: the zone business dates are counted in, how many tasks run at once on this server,
 * the longest a task may run and the most rows it may read or write (a task may ask for less, never more), and the
 * longest backfill.
 */
public record BatchSettings(ZoneId zone, int maxConcurrentTasks, Duration maxTaskTime, long maxTaskRows,
                            int maxBackfillDays) {
    public static final BatchSettings DEFAULTS = new BatchSettings(ZoneId.of("UTC"), 4, Duration.ofHours(1),
            1_000_000, 366);

    public BatchSettings {
        if (maxConcurrentTasks < 1) {
            throw new IllegalArgumentException("max concurrent tasks must be at least 1");
        }
    }
}
