package org.openenos.timeseries.questdb;

import io.questdb.cairo.CommitMode;
import java.time.Duration;

/**
 * Which of the engine's commits fsync (ADR 0062). A batch of the raw table is committed to its write-ahead log, which
 * syncs, and then applied to the table on the writer thread before {@code append} returns; syncing the table too was
 * a second sync per batch, and the costlier one (every column, index and symbol file of the partition). By default
 * every apply still syncs the table: after a power cut, the table on disk then holds every batch the storage stage has
 * passed. With a table sync interval set, applies in between are written without a sync: their pages are in the
 * operating system's page cache, which a killed process does not take with it, but which a power cut can lose or
 * write back out of order. Only after a synced apply may the engine purge write-ahead log segments, so a power cut
 * cannot lose a segment that the table has not got on disk. Every other commit (rollup tables, retention and
 * conversion statements, the copy of an old table) keeps the engine's synchronous mode.
 *
 * <p>The engine reads its commit mode from the configuration at each commit, so the configuration asks this object.
 */
final class CommitSyncs {
    private final long tableSyncInterval;

    /** The thread inside an unsynced commit, or null. */
    private volatile Thread unsyncedCommitter;
    /** When the table was last synced (writer thread only); the first apply after an open syncs. */
    private long lastTableSync;
    private boolean tableSynced;

    /** @param tableSyncInterval how often an apply syncs the table; zero syncs every apply */
    CommitSyncs(Duration tableSyncInterval) {
        this.tableSyncInterval = tableSyncInterval.toNanos();
    }

    /** The commit mode of a commit made now on the calling thread. */
    int commitMode() {
        return unsyncedCommitter == Thread.currentThread() ? CommitMode.NOSYNC : CommitMode.SYNC;
    }

    /** Runs {@code commit} on the calling thread without a sync. */
    void withoutSync(Runnable commit) {
        unsyncedCommitter = Thread.currentThread();
        try {
            commit.run();
        } finally {
            unsyncedCommitter = null;
        }
    }

    /** Whether the next apply is to sync the table (at {@code nanoTime}). */
    boolean tableSyncDue(long nanoTime) {
        return !tableSynced || nanoTime - lastTableSync >= tableSyncInterval;
    }

    /** An apply that synced the table started at {@code nanoTime}. */
    void tableSynced(long nanoTime) {
        tableSynced = true;
        lastTableSync = nanoTime;
    }
}
