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
    record Partition(String name, long minTime, long maxTime, long rows, boolean active, boolean parquet, long diskSize) {
    }

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

    /** Partition names (the engine's own, dates like 2024-01-31) are safe to quote in the statement. */
    List<String> candidates(String table, long cutoff) {
        return partitions(table).stream().filter(p -> !p.active() && !p.parquet() && p.maxTime() < cutoff)
                .map(Partition::name).toList();
    }

    List<Partition> partitions(String table) {
        var result = new ArrayList<Partition>();
        var ctx = QuestDbReader.context(engine);
        try (var factory = engine.select("SELECT name, minTimestamp, maxTimestamp, numRows, active, isParquet, diskSize"
                + " FROM table_partitions('"
                + table + "')", ctx); var cursor = factory.getCursor(ctx)) {
            var r = cursor.getRecord();
            while (cursor.hasNext()) {
                result.add(new Partition(r.getStrA(0).toString(), r.getTimestamp(1) / 1000, r.getTimestamp(2) / 1000,
                        r.getLong(3), r.getBool(4), r.getBool(5), r.getLong(6)));
            }
        } catch (SqlException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot list the partitions of " + table, e);
        }
        return result;
    }
}
