package org.openenos.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.wal.ApplyWal2TableJob;
import io.questdb.cairo.wal.CheckWalTransactionsJob;
import io.questdb.cairo.wal.WalPurgeJob;
import io.questdb.cairo.wal.WalWriter;
import io.questdb.griffin.SqlException;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/**
 * The raw table's writer: rows go into the table's write-ahead log, and a commit is applied to the table before it
 * returns. The table deduplicates on (ts, org, asset, point) when a WAL transaction is applied, so a row whose key is
 * already stored replaces the stored row (last write wins) and repeats within one commit leave one row (ADR 0069).
 * Applying on the writer thread right after the commit keeps what callers relied on before: when {@link #commit}
 * returns, the rows survive a killed process (the WAL segment is synced, the applied table is synced, or with a table
 * sync interval set in the page cache and synced periodically, see {@link CommitSyncs}) and are visible to queries and to the rollup job. Used by one thread
 * only.
 */
final class RawTableWriter implements AutoCloseable {
    private final CairoEngine engine;
    private final TableToken table;
    private final ApplyWal2TableJob apply;
    private final WalPurgeJob purge;
    private final CommitSyncs syncs;
    private WalWriter wal;

    RawTableWriter(CairoEngine engine, String table, CommitSyncs syncs) {
        this.engine = engine;
        this.syncs = syncs;
        this.table = engine.verifyTableName(table);
        this.apply = new ApplyWal2TableJob(engine, 0);
        this.purge = new WalPurgeJob(engine);
        // transactions committed before a crash or a restart are applied before anything reads
        apply.drain(0);
        new CheckWalTransactionsJob(engine).run(0);
        applyPending();
        this.wal = engine.getWalWriter(this.table);
    }

    TableWriter.Row newRow(long micros) {
        return wal.newRow(micros);
    }

    /**
     * Commits the rows appended since the last commit (the write-ahead log syncs) and applies them to the table
     * (with a sync at every batch by default, or once per table sync interval, ADR 0062).
     */
    void commit() {
        wal.commit();
        if (syncs.tableSyncDue(System.nanoTime())) {
            applyPending();
        } else {
            syncs.withoutSync(() -> apply.drain(0));
            resumeIfSuspended();
        }
    }

    /** Drops the rows appended since the last commit; a writer the engine marked distressed is replaced. */
    void rollback() {
        try {
            wal.rollback();
        } catch (RuntimeException e) {
            wal.close();
            wal = engine.getWalWriter(table);
        }
        if (wal.isDistressed()) {
            wal.close();
            wal = engine.getWalWriter(table);
        }
    }

    /**
     * Runs a statement on the table (an {@code ALTER TABLE}: on a WAL table it is itself a WAL transaction) and
     * applies it before returning, so its effect is visible as with a table without WAL.
     */
    void execute(String sql) throws SqlException {
        engine.execute(sql, QuestDbReader.context(engine));
        applyPending();
    }

    /**
     * Applies the committed WAL transactions and syncs the table (what every caller but {@link #commit} needs: a
     * statement, a conversion, the copy of an old table), then lets the engine's purge job delete the WAL segments no
     * longer needed (it acts at most every {@code cairo.wal.purge.interval}, 30 s by default). The purge runs only
     * here, after a synced apply: a segment is deleted only once a synced table holds its rows.
     */
    void applyPending() {
        long start = System.nanoTime();
        apply.drain(0);
        syncs.tableSynced(start);
        purge.run(0);
        resumeIfSuspended();
    }

    private void resumeIfSuspended() {
        if (engine.getTableSequencerAPI().isSuspended(table)) {
            resume();
        }
    }

    /*
     * The engine suspends a WAL table whose transaction it cannot apply (a full disk, say) and applies nothing more
     * until the table is resumed. The cause may have passed (the storage stage retries with back-off, ADR 0068), so
     * the table is resumed at the transaction that failed and the apply tried again; if it fails again, the store is
     * down and says why.
     */
    private void resume() {
        try {
            engine.execute("ALTER TABLE " + table.getTableName() + " RESUME WAL", QuestDbReader.context(engine));
        } catch (SqlException | RuntimeException e) {
            throw suspended(e);
        }
        apply.drain(0);
        if (engine.getTableSequencerAPI().isSuspended(table)) {
            throw suspended(null);
        }
    }

    private OpenEnosException suspended(Exception cause) {
        return new OpenEnosException(ErrorCode.TSDB_INTERNAL, "the time-series table " + table.getTableName()
                + " is suspended: a write-ahead log transaction could not be applied (see the engine's log)", cause);
    }

    @Override
    public void close() {
        wal.close();
        apply.close();
        purge.close();
    }
}
