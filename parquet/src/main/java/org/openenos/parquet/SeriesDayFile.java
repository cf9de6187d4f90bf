package org.openenos.parquet;

import static org.apache.parquet.filter2.predicate.FilterApi.and;
import static org.apache.parquet.filter2.predicate.FilterApi.eq;
import static org.apache.parquet.filter2.predicate.FilterApi.gtEq;
import static org.apache.parquet.filter2.predicate.FilterApi.intColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.longColumn;
import static org.apache.parquet.filter2.predicate.FilterApi.lt;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
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
    static final String LATEST_KEY = "openenos.latest";

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

    /** The newest value of one series in a file (kept in its footer, read without decoding any page). */
    public record Latest(String org, String asset, String point, Value value) {
    }

    /**
     * Writes the series, sorted here by (org, asset, point), to {@code file} (created or replaced) and forces it to
     * disk; callers publish it by renaming.
     */
    public static void write(Path file, List<Series> series) throws IOException {
        List<Series> sorted = new ArrayList<>(series);
        sorted.sort((a, b) -> a.key().compareTo(b.key()));
        try (var writer = new Writer(file)) {
            for (Series one : sorted) {
                writer.add(one);
            }
        }
    }

    /**
     * Writes a day file series by series, in any order, holding one series and the current row group in memory:
     * a series' id is its position in the order added, and the directory of ids is written into the footer when the
     * writer is closed, which also forces the file to disk.
     */
    public static final class Writer implements Closeable {
        private final FileChannel channel;
        private final OutputStream out;
        private final ParquetWriter<SeriesDayFormat.Row> parquet;
        private final StringBuilder directory = new StringBuilder();
        private final StringBuilder latest = new StringBuilder();
        private final Set<String> keys = new HashSet<>();
        private final SeriesDayFormat.Row row = new SeriesDayFormat.Row();
        private int next;

        public Writer(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            parquet = SeriesDayFormat.writer(out,
                    () -> Map.of(DIRECTORY_KEY, directory.toString(), LATEST_KEY, latest.toString()));
        }

        /** Adds a series of at least one value; a series must not be added twice. */
        public void add(Series one) throws IOException {
            int n = one.times().length;
            if (n == 0) {
                return;
            }
            if (!keys.add(one.key())) {
                throw new IllegalArgumentException("series " + one.key().replace('\t', '/') + " given twice");
            }
            directory.append(one.key()).append('\n');
            latest.append(one.times()[n - 1]).append('\t').append(one.kinds()[n - 1]).append('\t')
                    .append(Long.toHexString(Double.doubleToRawLongBits(one.nums()[n - 1]))).append('\t')
                    .append(one.qualities()[n - 1] == null ? "" : one.qualities()[n - 1]).append('\t')
                    .append(one.texts()[n - 1] == null ? "" : "=" + escape(one.texts()[n - 1])).append('\n');
            row.start(next++, one, decimalScale(one.nums()));
            for (int i = 0; i < n; i++) {
                row.at(i);
                parquet.write(row);
            }
        }

        @Override
        public void close() throws IOException {
            try (channel) {
                parquet.close();
                out.flush();
                channel.force(true);
            }
        }
    }

    /**
     * Calls {@code sink} with every series of the file in file order, one at a time (the file is read sequentially,
     * without a filter): what rewriting a day with late values merged in needs.
     */
    public static void forEachSeries(Path file, SeriesSink sink) throws IOException {
        var input = new MappedInputFile(file);
        try (var reader = ParquetFileReader.open(input, HadoopFreeReadOptions.with(ParquetCodecs.INSTANCE))) {
            String[] keys = directory(reader.getFooter().getFileMetaData().getKeyValueMetaData().get(DIRECTORY_KEY));
            reader.setRequestedSchema(SeriesDayFormat.projectedColumns());
            var value = new SeriesDayFormat.ValueMaterializer();
            var current = new SeriesBuilder();
            int id = -1;
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<SeriesDayFormat.ValueMaterializer> records = new ColumnIOFactory()
                        .getColumnIO(SeriesDayFormat.PROJECTION, SeriesDayFormat.SCHEMA)
                        .getRecordReader(pages, value);
                for (long r = 0; r < pages.getRowCount(); r++) {
                    records.read();
                    if (value.series() != id) {
                        if (id >= 0) {
                            sink.accept(current.build(keys[id]));
                        }
                        id = value.series();
                        current = new SeriesBuilder();
                    }
                    current.add(value.value());
                }
            }
            if (id >= 0) {
                sink.accept(current.build(keys[id]));
            }
        }
    }

    /** Receives the series of a file one by one. */
    public interface SeriesSink {
        void accept(Series series) throws IOException;
    }

    /** The newest value of every series of the file, from its footer. */
    public static List<Latest> latest(Path file) throws IOException {
        Map<String, String> footer;
        try (var reader = ParquetFileReader.open(new MappedInputFile(file),
                HadoopFreeReadOptions.with(ParquetCodecs.INSTANCE))) {
            footer = reader.getFooter().getFileMetaData().getKeyValueMetaData();
        }
        String[] keys = directory(footer.get(DIRECTORY_KEY));
        String[] lines = footer.getOrDefault(LATEST_KEY, "").split("\n");
        List<Latest> result = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length && i < lines.length; i++) {
            String[] key = keys[i].split("\t", -1);
            String[] f = lines[i].split("\t", -1);
            Value v = new Value(Long.parseLong(f[0]), Byte.parseByte(f[1]),
                    Double.longBitsToDouble(Long.parseUnsignedLong(f[2], 16)), f[4].isEmpty() ? null
                    : unescape(f[4].substring(1)), f[3].isEmpty() ? null : Integer.valueOf(f[3]));
            result.add(new Latest(key[0], key[1], key[2], v));
        }
        return result;
    }

    private static String[] directory(String directory) throws IOException {
        if (directory == null) {
            throw new IOException("not a series day file: no series directory in its footer");
        }
        return directory.isEmpty() ? new String[0] : directory.substring(0, directory.length() - 1).split("\n", -1);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(++i);
                out.append(e == 't' ? '\t' : e == 'n' ? '\n' : e);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** One series' values read back in time order. */
    private static final class SeriesBuilder {
        private final List<Value> values = new ArrayList<>();

        void add(Value v) {
            values.add(v);
        }

        Series build(String key) {
            String[] k = key.split("\t", -1);
            int n = values.size();
            var times = new long[n];
            var kinds = new byte[n];
            var nums = new double[n];
            var texts = new String[n];
            var qualities = new Integer[n];
            for (int i = 0; i < n; i++) {
                Value v = values.get(i);
                times[i] = v.time();
                kinds[i] = v.kind();
                nums[i] = v.num();
                texts[i] = v.text();
                qualities[i] = v.quality();
            }
            return new Series(k[0], k[1], k[2], times, kinds, nums, texts, qualities);
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
