package org.openenos.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.griffin.SqlException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.parquet.SeriesDayFile;

/**
 * Writes one UTC day of the raw table as a series-ordered day file (ADR 0134), the first step of compacting days
 * off the engine's own Parquet conversion. The rows come from the deduplicated table, so the file holds one value per
 * (org, asset, point, time). Reads only; the partition stays until a later step drops it.
 */
final class DayFileExport {
    private final CairoEngine engine;

    DayFileExport(CairoEngine engine) {
        this.engine = engine;
    }

    /** Writes {@code day}'s values to {@code file} (replaced, forced to disk); returns the number of series. */
    int export(LocalDate day, Path file) {
        List<SeriesDayFile.Series> series = new ArrayList<>();
        var ctx = QuestDbReader.context(engine);
        String sql = "SELECT org, asset, point, ts, kind, num, txt, quality FROM " + QuestDbTimeSeriesStore.TABLE
                + " WHERE ts IN '" + day + "' ORDER BY org, asset, point, ts";
        try (var factory = engine.select(sql, ctx); var cursor = factory.getCursor(ctx)) {
            var r = cursor.getRecord();
            Builder current = null;
            while (cursor.hasNext()) {
                String org = r.getSymA(0).toString();
                String asset = r.getSymA(1).toString();
                String point = r.getSymA(2).toString();
                if (current == null || !current.is(org, asset, point)) {
                    if (current != null) {
                        series.add(current.build());
                    }
                    current = new Builder(org, asset, point);
                }
                CharSequence text = r.getStrA(6);
                int quality = r.getInt(7);
                current.add(r.getTimestamp(3) / 1000, r.getByte(4), r.getDouble(5),
                        text == null ? null : text.toString(), quality == Integer.MIN_VALUE ? null : quality);
            }
            if (current != null) {
                series.add(current.build());
            }
        } catch (SqlException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot read " + day + " for its day file", e);
        }
        try {
            SeriesDayFile.write(file, series);
        } catch (IOException e) {
            throw new OpenEnosException(ErrorCode.TSDB_INTERNAL, "cannot write the day file of " + day, e);
        }
        return series.size();
    }

    /** One series' columns, grown as rows arrive in time order. */
    private static final class Builder {
        private final String org;
        private final String asset;
        private final String point;
        private long[] times = new long[1024];
        private byte[] kinds = new byte[1024];
        private double[] nums = new double[1024];
        private String[] texts = new String[1024];
        private Integer[] qualities = new Integer[1024];
        private int size;

        Builder(String org, String asset, String point) {
            this.org = org;
            this.asset = asset;
            this.point = point;
        }

        boolean is(String org, String asset, String point) {
            return this.org.equals(org) && this.asset.equals(asset) && this.point.equals(point);
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
