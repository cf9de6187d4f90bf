package org.openenos.parquet;

import static org.apache.parquet.filter2.predicate.FilterApi.eq;
import static org.apache.parquet.filter2.predicate.FilterApi.intColumn;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * A compacted day written by the platform instead of the engine, run by hand (docs/benchmarks.md, ADR 0134): the
 * same 10-s sensor data as the QuestDB {@code CompactionBenchmark} (random walks with 2 decimals, same seed), one
 * Parquet file per day sorted by series, then time. Timestamps are delta-encoded; a series whose values are all
 * decimals of at most 9 digits after the point is stored as scaled longs (delta-encoded, exact: each value is checked
 * to read back bit for bit), other series as doubles. Prints bytes per point and the time to read one series' day
 * through the page index. Arguments: assets (10 points each), codec (SNAPPY, GZIP, UNCOMPRESSED), directory.
 */
public final class SeriesOrderedDayBenchmark {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message day {
              required int32 series;
              required binary org (STRING);
              required binary asset (STRING);
              required binary point (STRING);
              required int64 ts (TIMESTAMP(MILLIS,true));
              required int32 kind;
              optional int64 scaled;
              optional int32 scale;
              optional double num;
              optional binary txt (STRING);
              optional int32 quality;
            }""");
    private static final MessageType PROJECTION = MessageTypeParser.parseMessageType("""
            message day {
              required int32 series;
              optional int64 scaled;
              optional int32 scale;
              optional double num;
            }""");
    private static final int STEPS = 8_640;
    private static final boolean FULL_DOUBLES = Boolean.getBoolean("fullDoubles");
    private static final int PAGE_ROWS = Integer.getInteger("pageRows", 8_192);

    public static void main(String[] args) throws Exception {
        int assets = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        var codec = CompressionCodecName.valueOf(args.length > 1 ? args[1] : "SNAPPY");
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("openenos-series-day");
        int series = assets * 10;
        double[][] values = generate(series);
        Path file = dir.resolve("day.parquet");
        long start = System.nanoTime();
        int scaledSeries = Boolean.getBoolean("skipWrite") ? -1 : write(file, values, codec);
        long bytes = Files.size(file);
        System.out.printf("wrote %,d points of %,d series (%,d as scaled decimals) in %.1f s: %,d B = %.3f B/point"
                        + " (%s)%n", (long) series * STEPS, series, scaledSeries, (System.nanoTime() - start) / 1e9,
                bytes, bytes / ((double) series * STEPS), codec);
        long[] nanos = new long[20];
        long[] cpu = new long[20];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int warmUp = Integer.getInteger("warmUp", 10);
        for (int i = 0; i < nanos.length + warmUp; i++) {
            int s = (i * 37) % series;
            long t = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            double[] read = readSeries(file, "asset-" + s / 10, "p" + s % 10);
            long took = System.nanoTime() - t;
            long tookCpu = threads.getCurrentThreadCpuTime() - c;
            if (!Arrays.equals(read, values[s])) {
                throw new IllegalStateException("series " + s + " did not read back exactly: " + read.length + " "
                        + Arrays.toString(Arrays.copyOf(read, 3)) + " vs " + Arrays.toString(Arrays.copyOf(values[s], 3)));
            }
            if (i >= warmUp) {
                nanos[i - warmUp] = took;
                cpu[i - warmUp] = tookCpu;
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        System.out.printf("one series, one day (8,640 values): median %.2f ms, max %.2f ms; CPU median %.2f ms%n",
                nanos[10] / 1e6, nanos[19] / 1e6, cpu[10] / 1e6);
    }

    /** The values of the QuestDB benchmark: generated in time order with the same seed, kept by series. */
    static double[][] generate(int series) {
        var random = new Random(42);
        double[] walk = new double[series];
        for (int s = 0; s < series; s++) {
            walk[s] = 20 + random.nextInt(60);
        }
        double[][] values = new double[series][STEPS];
        for (int step = 0; step < STEPS; step++) {
            for (int s = 0; s < series; s++) {
                walk[s] = Math.round((walk[s] + random.nextGaussian() * 0.05) * 100) / 100.0;
                // -DfullDoubles=true: the same walks with noise in every bit, so no series fits a decimal scale
                values[s][step] = FULL_DOUBLES ? walk[s] + random.nextDouble() * 1e-3 : walk[s];
            }
        }
        return values;
    }

    /** The smallest number of decimals (≤ 9) that holds every value exactly, or -1. */
    static int scale(double[] values) {
        for (int k = 0; k <= 9; k++) {
            double p = Math.pow(10, k);
            boolean exact = true;
            for (double v : values) {
                double scaled = v * p;
                if (Math.abs(scaled) >= 1L << 53 || Math.round(scaled) / p != v) {
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

    static int write(Path file, double[][] values, CompressionCodecName codec) throws IOException {
        int scaledSeries = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             ParquetWriter<Row> writer = new Builder(new StreamFile(out))
                     .withConf(new PlainParquetConfiguration())
                     .withCodecFactory(ParquetCodecs.INSTANCE)
                     .withCompressionCodec(codec)
                     .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                     .withDictionaryEncoding(false)
                     .withExtraMetaData(Map.of("openenos.series", directory(values.length)))
                     .withDictionaryEncoding("org", true)
                     .withDictionaryEncoding("asset", true)
                     .withDictionaryEncoding("point", true)
                     .withDictionaryEncoding("kind", true)
                     .withDictionaryEncoding("scale", true)
                     .withDictionaryEncoding("quality", true)
                     .withByteStreamSplitEncoding("num", true)
                     .withSizeStatisticsEnabled(false)
                     // every column cut into pages at the same rows, so the pages a filter keeps line up
                     .withPageRowCountLimit(PAGE_ROWS)
                     .withMinRowCountForPageSizeCheck(PAGE_ROWS)
                     .withMaxRowCountForPageSizeCheck(PAGE_ROWS)
                     .build()) {
            var row = new Row();
            for (int s = 0; s < values.length; s++) {
                int k = scale(values[s]);
                scaledSeries += k >= 0 ? 1 : 0;
                double p = Math.pow(10, Math.max(k, 0));
                row.series = s;
                row.asset = Binary.fromString("asset-" + s / 10);
                row.point = Binary.fromString("p" + s % 10);
                for (int step = 0; step < STEPS; step++) {
                    row.ts = 1_704_067_200_000L + step * 10_000L;
                    row.scale = k;
                    row.value = values[s][step];
                    row.scaled = Math.round(values[s][step] * p);
                    writer.write(row);
                }
            }
        }
        return scaledSeries;
    }

    /** The series' ids by position, one line each: org, asset, point (what a reader looks a series up in). */
    static String directory(int series) {
        var b = new StringBuilder();
        for (int s = 0; s < series; s++) {
            b.append("o1\tasset-").append(s / 10).append("\tp").append(s % 10).append('\n');
        }
        return b.toString();
    }

    /**
     * One series' values in time order: its id from the footer's directory, then only the pages whose statistics
     * (column index of the sorted {@code series} column) can hold it, the value columns only, without record objects.
     */
    static double[] readSeries(Path file, String asset, String point) throws IOException {
        double[] out = new double[STEPS];
        int n = 0;
        try (var probe = ParquetFileReader.open(new MappedInputFile(file), HadoopFreeReadOptions.with(ParquetCodecs.INSTANCE))) {
            String[] lines = probe.getFooter().getFileMetaData().getKeyValueMetaData().get("openenos.series").split("\n");
            int id = -1;
            String wanted = "o1\t" + asset + "\t" + point;
            for (int i = 0; i < lines.length && id < 0; i++) {
                id = lines[i].equals(wanted) ? i : -1;
            }
            var filter = FilterCompat.get(eq(intColumn("series"), id));
            try (var reader = ParquetFileReader.open(new MappedInputFile(file),
                    HadoopFreeReadOptions.with(ParquetCodecs.INSTANCE, filter))) {
                reader.setRequestedSchema(List.of(column("series"), column("scaled"), column("scale"), column("num")));
                if (System.getProperty("debug") != null) {
                    System.out.println("filtered " + reader.getFilteredRecordCount() + " of " + reader.getRecordCount());
                }
                PageReadStore pages;
                while ((pages = reader.readNextFilteredRowGroup()) != null) {
                    var values = new ValueMaterializer();
                    RecordReader<ValueMaterializer> records = new ColumnIOFactory().getColumnIO(PROJECTION, SCHEMA)
                            .getRecordReader(pages, values, filter);
                    for (long r = 0; r < pages.getRowCount(); r++) {
                        if (records.read() == null || records.shouldSkipCurrentRecord()) {
                            continue;
                        }
                        out[n++] = values.value();
                    }
                }
            }
        }
        return n == STEPS ? out : Arrays.copyOf(out, n);
    }

    /** The value of the record just read, without building a record object (columns of {@link #PROJECTION}). */
    private static final class ValueMaterializer extends RecordMaterializer<ValueMaterializer> {
        private long scaled;
        private int scale;
        private double num;
        private boolean isScaled;
        private final GroupConverter root = new GroupConverter() {
            private final Converter[] fields = {
                new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                    }
                },
                new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        scaled = value;
                        isScaled = true;
                    }
                },
                new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        scale = value;
                    }
                },
                new PrimitiveConverter() {
                    @Override
                    public void addDouble(double value) {
                        num = value;
                    }
                }};

            @Override
            public Converter getConverter(int fieldIndex) {
                return fields[fieldIndex];
            }

            @Override
            public void start() {
                isScaled = false;
            }

            @Override
            public void end() {
            }
        };

        double value() {
            return isScaled ? scaled / POWERS[scale] : num;
        }

        @Override
        public ValueMaterializer getCurrentRecord() {
            return this;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

    private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    private static ColumnDescriptor column(String name) {
        return SCHEMA.getColumnDescription(new String[] {name});
    }

    static final class Row {
        final Binary org = Binary.fromString("o1");
        Binary asset;
        Binary point;
        long ts;
        int series;
        int scale;
        long scaled;
        double value;
    }

    private static final class RowSupport extends WriteSupport<Row> {
        private RecordConsumer c;

        @Override
        public WriteContext init(Configuration conf) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration conf) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            c = recordConsumer;
        }

        @Override
        public void write(Row r) {
            c.startMessage();
            field(0, "series", () -> c.addInteger(r.series));
            field(1, "org", () -> c.addBinary(r.org));
            field(2, "asset", () -> c.addBinary(r.asset));
            field(3, "point", () -> c.addBinary(r.point));
            field(4, "ts", () -> c.addLong(r.ts));
            field(5, "kind", () -> c.addInteger(0));
            if (r.scale >= 0) {
                field(6, "scaled", () -> c.addLong(r.scaled));
                field(7, "scale", () -> c.addInteger(r.scale));
            } else {
                field(8, "num", () -> c.addDouble(r.value));
            }
            c.endMessage();
        }

        private void field(int index, String name, Runnable add) {
            c.startField(name, index);
            add.run();
            c.endField(name, index);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowSupport();
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
            return new RowSupport();
        }
    }

    private record StreamFile(OutputStream out) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    private SeriesOrderedDayBenchmark() {
    }
}
