package org.openenos.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.griffin.SqlException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.parquet.SeriesDayFile;

/**
 * Writes one UTC day of the raw table as a series-ordered day file (ADR 0134), merged with the day's earlier file if
 * there is one: the table's rows win per (org, asset, point, time), so a repeat or a late value posted into a
 * compacted day replaces the file's value. Memory stays bounded by one asset's day: the table is read asset by asset
 * (through its asset index), the earlier file series by series, and the file writer holds one row group.
 */
final class DayFileExport {
    private final CairoEngine engine;
    private final StatementCache statements;

    DayFileExport(CairoEngine engine, StatementCache statements) {
        this.engine = engine;
        this.statements = statements;
    }

    /** Writes {@code day}'s values to {@code file} (replaced, forced to disk); returns the number of series. */
    int export(LocalDate day, Path file) {
        return export(day, file, null);
    }

    /**
     * Writes {@code day}'s values, those of {@code previous} (an earlier file of the day, or null) with the table's
     * rows of the day merged in, to {@code file}; returns the number of series.
     */
    int export(LocalDate day, Path file, Path previous) {
        long from = DayFiles.start(day), to = from + DayFiles.DAY;
        var assets = assetsOf(from, to);
        int[] written = {0};
        try (var out = new SeriesDayFile.Writer(file)) {
            if (previous != null) {
                var current = new Object() {
                    String asset;
                    Map<String, SeriesDayFile.Series> rows = new LinkedHashMap<>();
                };
                SeriesDayFile.forEachSeries(previous, old -> {
                    String asset = old.org() + '\t' + old.asset();
                    if (!asset.equals(current.asset)) {
                        written[0] += writeAll(out, current.rows);
                        current.asset = asset;
                        current.rows = assets.remove(asset) ? rowsOf(old.org(), old.asset(), from, to) : new LinkedHashMap<>();
                    }
                    SeriesDayFile.Series fresh = current.rows.remove(old.point());
                    out.add(fresh == null ? old : merge(old, fresh));
                    written[0]++;
                });
                written[0] += writeAll(out, current.rows);
            }
            for (String asset : assets) {
                String[] key = asset.split("\t", 2);
                written[0] += writeAll(out, rowsOf(key[0], key[1], from, to));
            }
        } catch (IOException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot write the day file of " + day, e);
        }
        return written[0];
    }

    private static int writeAll(SeriesDayFile.Writer out, Map<String, SeriesDayFile.Series> series)
            throws IOException {
        for (var s : series.values()) {
            out.add(s);
        }
        return series.size();
    }

    /** The (org, asset) pairs with rows in the table in {@code [from, to)}, in a stable order. */
    private TreeSet<String> assetsOf(long from, long to) {
        var assets = new TreeSet<String>();
        var ctx = QuestDbReader.context(engine);
        try {
            ctx.getBindVariableService().setTimestamp(0, from * 1000);
            ctx.getBindVariableService().setTimestamp(1, to * 1000);
            try (var factory = engine.select("SELECT DISTINCT org, asset FROM " + QuestDbTimeSeriesStore.TABLE
                    + " WHERE ts >= $1 AND ts < $2", ctx); var cursor = factory.getCursor(ctx)) {
                var r = cursor.getRecord();
                while (cursor.hasNext()) {
                    assets.add(r.getSymA(0) + "\t" + r.getSymA(1));
                }
            }
        } catch (SqlException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot list the assets of a day", e);
        }
        return assets;
    }

    /** One asset's rows of the day from the table, by point. */
    private Map<String, SeriesDayFile.Series> rowsOf(String org, String asset, long from, long to) {
        var builders = new LinkedHashMap<String, Builder>();
        statements.query("SELECT point, ts, kind, num, txt, quality FROM " + QuestDbTimeSeriesStore.TABLE
                + " WHERE asset = $1 AND org = $2 AND ts >= $3 AND ts < $4 ORDER BY point, ts", ctx -> {
            var vars = ctx.getBindVariableService();
            vars.setStr(0, asset);
            vars.setStr(1, org);
            vars.setTimestamp(2, from * 1000);
            vars.setTimestamp(3, to * 1000);
        }, r -> {
            CharSequence text = r.getStrA(4);
            int quality = r.getInt(5);
            builders.computeIfAbsent(r.getSymA(0).toString(), p -> new Builder(org, asset, p))
                    .add(r.getTimestamp(1) / 1000, r.getByte(2), r.getDouble(3),
                            text == null ? null : text.toString(), quality == Integer.MIN_VALUE ? null : quality);
        });
        var series = new LinkedHashMap<String, SeriesDayFile.Series>();
        builders.forEach((point, b) -> series.put(point, b.build()));
        return series;
    }

    /** The union of two series of one key in time order; at equal times {@code winner}'s value is kept. */
    static SeriesDayFile.Series merge(SeriesDayFile.Series older, SeriesDayFile.Series winner) {
        var b = new Builder(older.org(), older.asset(), older.point());
        long[] a = older.times(), w = winner.times();
        int i = 0, j = 0;
        while (i < a.length || j < w.length) {
            if (j == w.length || (i < a.length && a[i] < w[j])) {
                b.add(a[i], older.kinds()[i], older.nums()[i], older.texts()[i], older.qualities()[i]);
                i++;
            } else {
                if (i < a.length && a[i] == w[j]) {
                    i++;
                }
                b.add(w[j], winner.kinds()[j], winner.nums()[j], winner.texts()[j], winner.qualities()[j]);
                j++;
            }
        }
        return b.build();
    }

    /** One series' columns, grown as rows arrive in time order. */
    private static final class Builder {
        private final String org;
        private final String asset;
        private final String point;
        private long[] times = new long[64];
        private byte[] kinds = new byte[64];
        private double[] nums = new double[64];
        private String[] texts = new String[64];
        private Integer[] qualities = new Integer[64];
        private int size;

        Builder(String org, String asset, String point) {
            this.org = org;
            this.asset = asset;
            this.point = point;
        }

        void add(long time, byte kind, double num, String text, Integer quality) {
            if (size == times.length) {
                int n = size * 2;
                times = Arrays.copyOf(times, n);
                kinds = Arrays.copyOf(kinds, n);
                nums = Arrays.copyOf(nums, n);
                texts = Arrays.copyOf(texts, n);
                qualities = Arrays.copyOf(qualities, n);
            }
            times[size] = time;
            kinds[size] = kind;
            nums[size] = num;
            texts[size] = text;
            qualities[size] = quality;
            size++;
        }

        SeriesDayFile.Series build() {
            return new SeriesDayFile.Series(org, asset, point, Arrays.copyOf(times, size), Arrays.copyOf(kinds, size),
                    Arrays.copyOf(nums, size), Arrays.copyOf(texts, size), Arrays.copyOf(qualities, size));
        }
    }
}
