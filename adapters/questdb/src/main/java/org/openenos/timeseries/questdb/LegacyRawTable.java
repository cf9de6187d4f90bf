package org.openenos.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.griffin.SqlException;
import java.util.Map;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a raw table written before ADR 0069 (no WAL, so no deduplication, and possibly several rows per key) into the
 * deduplicating table. On open, such a table is renamed aside before the new table is created; its rows are then
 * copied day partition by day partition into the new table, whose deduplication collapses old repeats to one row
 * per (org, asset, point, time) (the copy keeps the table's row order, so the row written last wins, as it would
 * have from now on), and the old table is dropped. A crash during the copy is harmless: the old table is still
 * there on the next open and is copied again, which the deduplication makes idempotent. Rollups computed from the
 * repeated rows are recomputed from the copied ones.
 */
final class LegacyRawTable {
    static final String ASIDE = "point_values_before_dedup";
    private static final Logger LOG = LoggerFactory.getLogger(LegacyRawTable.class);

    private final CairoEngine engine;

    LegacyRawTable(CairoEngine engine) {
        this.engine = engine;
    }

    /** Renames the raw table aside when it is one without WAL; call before the raw table is created. */
    void setAside() throws SqlException {
        var token = engine.getTableTokenIfExists(QuestDbTimeSeriesStore.TABLE);
        if (token != null && !token.isWal() && engine.getTableTokenIfExists(ASIDE) == null) {
            LOG.info("the time-series table {} has no deduplication; it is renamed {} and copied into a new table",
                    QuestDbTimeSeriesStore.TABLE, ASIDE);
            engine.execute("RENAME TABLE " + QuestDbTimeSeriesStore.TABLE + " TO " + ASIDE,
                    QuestDbReader.context(engine));
        }
    }

    /** Copies a table set aside (now or by an interrupted earlier run) into the raw table, then drops it. */
    void copyInto(RawTableWriter raw, RollupState rollups) {
        if (engine.getTableTokenIfExists(ASIDE) == null) {
            return;
        }
        var partitions = new ParquetCompaction(engine).partitions(ASIDE);
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE, rows = 0;
        try {
            for (var p : partitions) {
                first = Math.min(first, p.minTime());
                last = Math.max(last, p.maxTime());
                var ctx = QuestDbReader.context(engine);
                ctx.getBindVariableService().setTimestamp(0, p.minTime() * 1000);
                ctx.getBindVariableService().setTimestamp(1, p.maxTime() * 1000);
                engine.execute("INSERT INTO " + QuestDbTimeSeriesStore.TABLE + " SELECT ts, org, asset, point, kind,"
                        + " num, txt, quality FROM " + ASIDE + " WHERE ts >= $1 AND ts <= $2", ctx);
                raw.applyPending();
                rows += p.rows();
            }
            if (first != Long.MAX_VALUE) {
                rollups.markDirty(Map.of(RollupState.ALL_ASSETS, new RollupState.Range(first, last + 1)));
            }
            engine.execute("DROP TABLE " + ASIDE, QuestDbReader.context(engine));
        } catch (SqlException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot copy the time-series table " + ASIDE, e);
        }
        LOG.info("copied {} rows of {} partitions of {} into {}; old repeats collapsed to one row per key", rows,
                partitions.size(), ASIDE, QuestDbTimeSeriesStore.TABLE);
    }
}
