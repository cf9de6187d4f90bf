package org.openenos.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.openenos.ota.OtaJob;
import org.openenos.ota.OtaJobRepository;
import org.openenos.ota.OtaTask;

/**
 * The counts behind the OTA gauges, read with two GROUP BY queries at most every few seconds: a scrape asks for
 * each gauge in turn, and without this every one of them would query the database again.
 */
final class OtaGaugeCounts {
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    private final OtaJobRepository jobs;
    private final Clock clock;
    private Instant readAt = Instant.MIN;
    private Map<OtaJob.Status, Long> jobCounts = Map.of();
    private Map<OtaTask.Status, Long> taskCounts = Map.of();

    OtaGaugeCounts(OtaJobRepository jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    synchronized double jobs(OtaJob.Status status) {
        refresh();
        return jobCounts.getOrDefault(status, 0L);
    }

    synchronized double tasks(OtaTask.Status status) {
        refresh();
        return taskCounts.getOrDefault(status, 0L);
    }

    private void refresh() {
        Instant now = clock.instant();
        if (readAt.plus(MAX_AGE).isAfter(now)) {
            return;
        }
        try {
            jobCounts = jobs.jobCounts();
            taskCounts = jobs.activeTaskCounts();
        } catch (RuntimeException e) {
            // a database outage shows as stale counts, never as a failed scrape
        }
        readAt = now;
    }
}
