package org.openenos.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.TableWriter;
import io.questdb.griffin.SqlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.parquet.SeriesDayFile;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.WindowPartial;

/**
 * Rollup rows of windows in compacted days (ADR 0136), which the rollup statement over the raw table cannot compute:
 * the day's values are in its day file with the table's later rows winning. Needed when late values posted into a
 * compacted day make its windows dirty; the regular rollups run before a day is compacted. Every rollup window lies
 * within one UTC day, so a window is wholly in a compacted day or wholly outside.
 */
final class CompactedDayRollups {
    private final CairoEngine engine;
    private final QuestDbReader reader;
    private final DayFiles files;

    CompactedDayRollups(CairoEngine engine, QuestDbReader reader, DayFiles files) {
        this.engine = engine;
        this.reader = reader;
        this.files = files;
    }

    DayFiles files() {
        return files;
    }

    /** Rolls up {@code [from, to)}, within the compacted {@code day}, of one asset (or all when null). */
    void insert(RollupLevel level, LocalDate day, long from, long to, String asset, long revision) {
        Set<SeriesKey> series = seriesOf(day, from, to, asset);
        try (TableWriter writer = engine.getWriter(engine.verifyTableName(level.table), "rollup of a compacted day")) {
            for (SeriesKey key : series) {
                var windows = new TreeMap<Long, WindowPartial>();
                for (MeasurePointValue v : reader.range(key, from, to, Integer.MAX_VALUE, false)) {
                    double x = ValueColumns.of(v.value()).num(); // as the table's rollups: booleans as 1/0
                    if (!Double.isNaN(x)) {
                        windows.computeIfAbsent(level.floor(v.time()), w -> new WindowPartial()).add(1, x, x, x, x, x);
                    }
                }
                windows.forEach((window, p) -> {
                    TableWriter.Row row = writer.newRow(window * 1000);
                    row.putSym(1, key.orgId());
                    row.putSym(2, key.assetId());
                    row.putSym(3, key.pointId());
                    row.putLong(4, p.count);
                    row.putDouble(5, p.sum);
                    row.putDouble(6, p.min);
                    row.putDouble(7, p.max);
                    row.putDouble(8, p.first);
                    row.putDouble(9, p.last);
                    row.putLong(10, revision);
                    row.append();
                });
            }
            writer.commit();
        }
    }

    /** The series of the day: those of its file and those the table holds for it since. */
    private Set<SeriesKey> seriesOf(LocalDate day, long from, long to, String asset) {
        var series = new LinkedHashSet<SeriesKey>();
        try {
            for (var latest : SeriesDayFile.latest(files.file(day))) {
                if (asset == null || asset.equals(latest.asset())) {
                    series.add(new SeriesKey(latest.org(), latest.asset(), latest.point()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the day file of " + day, e);
        }
        try {
            var ctx = QuestDbReader.rangeContext(engine, from, to, asset);
            try (var factory = engine.select("SELECT DISTINCT org, asset, point FROM " + QuestDbTimeSeriesStore.TABLE
                    + " WHERE ts >= $1 AND ts < $2" + (asset != null ? " AND asset = $3" : ""), ctx);
                 var cursor = factory.getCursor(ctx)) {
                var r = cursor.getRecord();
                while (cursor.hasNext()) {
                    series.add(new SeriesKey(r.getSymA(0).toString(), r.getSymA(1).toString(),
                            r.getSymA(2).toString()));
                }
            }
        } catch (SqlException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot list the series of " + day, e);
        }
        return series;
    }
}
