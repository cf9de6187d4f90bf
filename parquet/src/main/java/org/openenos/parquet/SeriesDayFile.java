package org.openenos.parquet;

import static org.apache.parquet.filter2.predicate.FilterApi.and;
import static org.apache.parquet.filter2.predicate.FilterApi.eq;
import static org.apache.parquet.filter2.predicate.FilterApi.gtEq;
import static org.apache.parquet.filter2.predicate.FilterApi.intColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.longColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.lt;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;

/**
 * A compacted day of time-series values in one Parquet file, sorted by series (org, asset, point), then time
 * (ADR 0134). Timestamps are delta-encoded; a series whose numbers are all decimals of at most 9 digits that read back
 * bit for bit is stored as scaled longs, others as doubles. A series is found through the footer's directory and the
 * page index of the sorted {@code series} column, so reading one decodes its pages only. NaN numbers are stored as
 * absent and read back as {@link Double#NaN}.
 */
public final class SeriesDayFile {
    static final String DIRECTORY_KEY = "openenos.series";

    /** One series' values of the day in time order; {@code texts} and {@code qualities} entries may be null. */
    public record Series(String org, String asset, String point, long[] times, byte[] kinds, double[] nums,
                         String[] texts, Integer[] qualities) {
        public Series {
            Objects.requireNonNull(org);
            Objects.requireNonNull(asset);
            Objects.requireNonNull(point);
            int n = times.length;
            if (kinds.length != n || nums.length != n || texts.length != n || qualities.length != n) {
                throw new IllegalArgumentException("the columns of series " + asset + "/" + point
                        + " differ in length");
            }
            for (int i = 1; i < n; i++) {
                if (times[i] <= times[i - 1]) {
                    throw new IllegalArgumentException("series " + asset + "/" + point
                            + " is not in strictly increasing time order at " + i);
                }
            }
        }

        String key() {
            return org + '\t' + asset + '\t' + point;
        }
    }

    /** One stored value: {@code num} is NaN where none was stored. */
    public record Value(long time, byte kind, double num, String text, Integer quality) {
    }

    private SeriesDayFile() {
    }

    /**
     * Writes the series, sorted here by (org, asset, point), to {@code file} (created or replaced) and forces it to
     * disk; callers publish it by renaming.
     */
    public static void write(Path file, List<Series> series) throws IOException {
        List<Series> sorted = new ArrayList<>(series);
        sorted.sort((a, b) -> a.key().compareTo(b.key()));
        var directory = new StringBuilder();
        for (int s = 0; s < sorted.size(); s++) {
            if (s > 0 && sorted.get(s).key().equals(sorted.get(s - 1).key())) {
                throw new IllegalArgumentException("series " + sorted.get(s).key().replace('\t', '/') + " given twice");
            }
            directory.append(sorted.get(s).key()).append('\n');
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            try (var writer = SeriesDayFormat.writer(out, Map.of(DIRECTORY_KEY, directory.toString()))) {
                var row = new SeriesDayFormat.Row();
                for (int s = 0; s < sorted.size(); s++) {
                    Series one = sorted.get(s);
                    row.start(s, one, decimalScale(one.nums()));
                    for (int i = 0; i < one.times().length; i++) {
                        row.at(i);
                        writer.write(row);
                    }
                }
            }
            out.flush();
            channel.force(true);
        }
    }

    /** The values of one series with {@code from <= time < to}, in time order; empty if the file lacks the series. */
    public static List<Value> read(Path file, String org, String asset, String point, long from, long to)
            throws IOException {
        var input = new MappedInputFile(file);
        int id;
        try (var footer = ParquetFileReader.open(input, HadoopFreeReadOptions.with(ParquetCodecs.INSTANCE))) {
            id = indexOf(footer.getFooter().getFileMetaData().getKeyValueMetaData().get(DIRECTORY_KEY),
                    org + '\t' + asset + '\t' + point);
        }
        List<Value> values = new ArrayList<>();
        if (id < 0) {
            return values;
        }
        var filter = FilterCompat.get(and(eq(intColumn("series"), id),
                and(gtEq(longColumn("ts"), from), lt(longColumn("ts"), to))));
        try (var reader = ParquetFileReader.open(input, HadoopFreeReadOptions.with(ParquetCodecs.INSTANCE, filter))) {
            reader.setRequestedSchema(SeriesDayFormat.projectedColumns());
            PageReadStore pages;
            while ((pages = reader.readNextFilteredRowGroup()) != null) {
                var value = new SeriesDayFormat.ValueMaterializer();
                RecordReader<SeriesDayFormat.ValueMaterializer> records = new ColumnIOFactory()
                        .getColumnIO(SeriesDayFormat.PROJECTION, SeriesDayFormat.SCHEMA)
                        .getRecordReader(pages, value, filter);
                for (long r = 0; r < pages.getRowCount(); r++) {
                    if (records.read() != null && !records.shouldSkipCurrentRecord()) {
                        values.add(value.value());
                    }
                }
            }
        }
        return values;
    }

    private static int indexOf(String directory, String key) throws IOException {
        if (directory == null) {
            throw new IOException("not a series day file: no series directory in its footer");
        }
        int id = 0;
        for (String line : directory.split("\n", -1)) {
            if (line.equals(key)) {
                return id;
            }
            id++;
        }
        return -1;
    }

    /**
     * The smallest number of decimals (0–9) at which every number of the series is a whole number that reads back
     * bit for bit, or -1 (then the series is stored as doubles). NaNs are not stored and do not count.
     */
    static int decimalScale(double[] nums) {
        for (int k = 0; k < SeriesDayFormat.POWERS.length; k++) {
            double p = SeriesDayFormat.POWERS[k];
            boolean exact = true;
            for (double v : nums) {
                if (Double.isNaN(v)) {
                    continue;
                }
                double scaled = v * p;
                if (Math.abs(scaled) >= 0x1p53
                        || Double.doubleToRawLongBits(Math.round(scaled) / p) != Double.doubleToRawLongBits(v)) {
                    exact = false;
                    break;
                }
            }
            if (exact) {
                return k;
            }
        }
        return -1;
    }
}
