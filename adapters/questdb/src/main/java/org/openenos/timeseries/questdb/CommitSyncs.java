package org.openenos.timeseries.questdb;

import io.questdb.cairo.CommitMode;
import java.util.concurrent.TimeUnit;

/**
 * Which of the engine's commits fsync (ADR 0062). A batch of the raw table is committed to its write-ahead log, which
 * syncs, and then applied to the table on the writer thread before {@code append} returns; syncing the table too was
 * a second sync per batch, and the costlier one (every column, index and symbol file of the partition). The apply is
 * therefore written without a sync: its pages are in the operating system's page cache, which a killed process does
 * not take with it, and the synced write-ahead log holds the batch in any case. Every {@link #TABLE_SYNC_INTERVAL}
 * one apply syncs the table, and only after such an apply may the engine purge write-ahead log segments, so a power
 * cut cannot lose a segment that the table has not got on disk. Every other commit (rollup tables, retention and
 * conversion statements, the copy of an old table) keeps the engine's synchronous mode.
 *
 * <p>The engine reads its commit mode from the configuration at each commit, so the configuration asks this object.
 */
final class CommitSyncs {
    static final long TABLE_SYNC_INTERVAL = TimeUnit.SECONDS.toNanos(10);

    /** The thread inside an unsynced commit, or null. */
    private volatile Thread unsyncedCommitter;
    /** When the table was last synced (writer thread only); the first apply after an open syncs. */
    private long lastTableSync;
    private boolean tableSynced;

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
        return !tableSynced || nanoTime - lastTableSync >= TABLE_SYNC_INTERVAL;
    }

    /** An apply that synced the table started at {@code nanoTime}. */
    void tableSynced(long nanoTime) {
        tableSynced = true;
        lastTableSync = nanoTime;
    }
}
