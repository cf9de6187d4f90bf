package org.openenos.cluster;

import java.time.Duration;

/** Runs scheduled work on one node of the cluster at a time. */
public interface ClusterJobs {
    /** A single node: every job runs where it is scheduled. */
    ClusterJobs SINGLE_NODE = (job, lockAtMostFor, lockAtLeastFor, work) -> {
        work.run();
        return true;
    };

    /**
     * Runs {@code work} here unless another node holds the job's lock; the lock is held at least
     * {@code lockAtLeastFor} (so a pass that another node schedules a moment later is skipped) and at most
     * {@code lockAtMostFor} (so a node that dies while holding it does not block the job for ever).
     *
     * @return true when the work ran here
     */
    boolean runOnce(String job, Duration lockAtMostFor, Duration lockAtLeastFor, Runnable work);
}
