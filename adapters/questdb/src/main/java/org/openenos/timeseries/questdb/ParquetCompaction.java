package org.openenos.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.griffin.SqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/**
 * Converts old partitions in place to Parquet ({@code ALTER TABLE … CONVERT PARTITION TO PARQUET}), compressed with
 * ZSTD at the configured level (set on the engine's configuration). Converted partitions stay queryable by the same
 * SQL and accept late rows (the engine merges them into the Parquet file). Only partitions that end before the cutoff,
 * are not the table's active (last) partition and are still native are converted. The caller must not hold the
 * table's writer: the statement takes it.
 */
final class ParquetCompaction {
    private final CairoEngine engine;

    ParquetCompaction(CairoEngine engine) {
        this.engine = engine;
    }

    /** Converts the table's eligible partitions that end before {@code cutoff}; returns how many. */
    int convert(String table, long cutoff) {
        List<String> names = candidates(table, cutoff);
        if (names.isEmpty()) {
            return 0;
        }
        var list = new StringJoiner(", ");
        names.forEach(n -> list.add("'" + n + "'"));
        try {
            engine.execute("ALTER TABLE " + table + " CONVERT PARTITION TO PARQUET LIST " + list,
                    QuestDbReader.context(engine));
        } catch (SqlException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "converting " + table + " to Parquet failed", e);
        }
        return names.size();
    }

    List<String> candidates(String table, long cutoff) {
        var names = new ArrayList<String>();
        var ctx = QuestDbReader.context(engine);
        // Partition names (from the engine's own listing) are dates like 2024-01-31, safe to quote in the statement.
        try (var factory = engine.select("SELECT name, maxTimestamp, active, isParquet FROM table_partitions('"
                + table + "')", ctx); var cursor = factory.getCursor(ctx)) {
            var r = cursor.getRecord();
            while (cursor.hasNext()) {
                if (!r.getBool(2) && !r.getBool(3) && r.getTimestamp(1) / 1000 < cutoff) {
                    names.add(r.getStrA(0).toString());
                }
            }
        } catch (SqlException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot list the partitions of " + table, e);
        }
        return names;
    }
}
