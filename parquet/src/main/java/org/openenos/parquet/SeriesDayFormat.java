package org.openenos.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** The columns and encodings of a {@link SeriesDayFile}, and the conversions between its rows and values. */
final class SeriesDayFormat {
    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message series_day {
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
    /** What a read decodes: the key strings are in the directory, not needed per row. */
    static final MessageType PROJECTION = MessageTypeParser.parseMessageType("""
            message series_day {
              required int32 series;
              required int64 ts (TIMESTAMP(MILLIS,true));
              required int32 kind;
              optional int64 scaled;
              optional int32 scale;
              optional double num;
              optional binary txt (STRING);
              optional int32 quality;
            }""");
    static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    /*
     * Every column is cut into pages at the same rows: a page-index filter on the series column then keeps pages that
     * line up in every column.
     */
    private static final int PAGE_ROWS = 8_192;
    /*
     * The writer buffers a row group's pages in memory: bounding the row group bounds the writer's memory whatever the
     * size of the day (a regular day of 1,000 series is a few row groups; a reader skips the others by their
     * statistics of the series column).
     */
    private static final long ROW_GROUP_BYTES = 8L << 20;

    private SeriesDayFormat() {
    }

    static List<ColumnDescriptor> projectedColumns() {
        return PROJECTION.getColumns().stream()
                .map(c -> SCHEMA.getColumnDescription(c.getPath())).toList();
    }

    /** A writer whose footer gets {@code footer}'s entries as they are when the file is closed. */
    static ParquetWriter<Row> writer(OutputStream out, Supplier<Map<String, String>> footer) throws IOException {
        return new Builder(new ParquetRowWriter.StreamOutputFile(out), footer)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withRowGroupSize(ROW_GROUP_BYTES)
                // delta encodings for the numbers (v2 pages), dictionaries only where values repeat
                .withDictionaryEncoding(false)
                .withDictionaryEncoding("org", true)
                .withDictionaryEncoding("asset", true)
                .withDictionaryEncoding("point", true)
                .withDictionaryEncoding("kind", true)
                .withDictionaryEncoding("scale", true)
                .withDictionaryEncoding("txt", true)
                .withDictionaryEncoding("quality", true)
                .withByteStreamSplitEncoding("num", true)
                .withSizeStatisticsEnabled(false)
                .withPageRowCountLimit(PAGE_ROWS)
                .withMinRowCountForPageSizeCheck(PAGE_ROWS)
                .withMaxRowCountForPageSizeCheck(PAGE_ROWS)
                .build();
    }

    /** The row being written: a position in one series (mutable, one per file). */
    static final class Row {
        private int id;
        private SeriesDayFile.Series series;
        private Binary org;
        private Binary asset;
        private Binary point;
        private int scale;
        private int index;

        void start(int id, SeriesDayFile.Series series, int scale) {
            this.id = id;
            this.series = series;
            this.org = Binary.fromString(series.org());
            this.asset = Binary.fromString(series.asset());
            this.point = Binary.fromString(series.point());
            this.scale = scale;
        }

        void at(int index) {
            this.index = index;
        }
    }

    private static final class RowSupport extends WriteSupport<Row> {
        private final Supplier<Map<String, String>> footer;
        private RecordConsumer c;

        RowSupport(Supplier<Map<String, String>> footer) {
            this.footer = footer;
        }

        @Override
        public FinalizedWriteContext finalizeWrite() {
            return new FinalizedWriteContext(footer.get());
        }

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
            var s = r.series;
            int i = r.index;
            c.startMessage();
            field(0, "series");
            c.addInteger(r.id);
            end(0, "series");
            field(1, "org");
            c.addBinary(r.org);
            end(1, "org");
            field(2, "asset");
            c.addBinary(r.asset);
            end(2, "asset");
            field(3, "point");
            c.addBinary(r.point);
            end(3, "point");
            field(4, "ts");
            c.addLong(s.times()[i]);
            end(4, "ts");
            field(5, "kind");
            c.addInteger(s.kinds()[i]);
            end(5, "kind");
            double v = s.nums()[i];
            if (!Double.isNaN(v) && r.scale >= 0) {
                field(6, "scaled");
                c.addLong(Math.round(v * POWERS[r.scale]));
                end(6, "scaled");
                field(7, "scale");
                c.addInteger(r.scale);
                end(7, "scale");
            } else if (!Double.isNaN(v)) {
                field(8, "num");
                c.addDouble(v);
                end(8, "num");
            }
            if (s.texts()[i] != null) {
                field(9, "txt");
                c.addBinary(Binary.fromString(s.texts()[i]));
                end(9, "txt");
            }
            if (s.qualities()[i] != null) {
                field(10, "quality");
                c.addInteger(s.qualities()[i]);
                end(10, "quality");
            }
            c.endMessage();
        }

        private void field(int index, String name) {
            c.startField(name, index);
        }

        private void end(int index, String name) {
            c.endField(name, index);
        }
    }

    /** The value of the record just read, without a record object per row (columns of {@link #PROJECTION}). */
    static final class ValueMaterializer extends RecordMaterializer<ValueMaterializer> {
        private int series;
        private long ts;
        private int kind;
        private long scaled;
        private int scale;
        private double num;
        private boolean isScaled;
        private String text;
        private Integer quality;
        private final Converter[] fields = {
            new PrimitiveConverter() {
                @Override
                public void addInt(int value) {
                    series = value;
                }
            },
            new PrimitiveConverter() {
                @Override
                public void addLong(long value) {
                    ts = value;
                }
            },
            new PrimitiveConverter() {
                @Override
                public void addInt(int value) {
                    kind = value;
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
            },
            new PrimitiveConverter() {
                @Override
                public void addBinary(Binary value) {
                    text = value.toStringUsingUTF8();
                }
            },
            new PrimitiveConverter() {
                @Override
                public void addInt(int value) {
                    quality = value;
                }
            }};
        private final GroupConverter root = new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return fields[fieldIndex];
            }

            @Override
            public void start() {
                isScaled = false;
                num = Double.NaN;
                text = null;
                quality = null;
            }

            @Override
            public void end() {
            }
        };

        /** The position in the file's series directory of the record just read. */
        int series() {
            return series;
        }

        SeriesDayFile.Value value() {
            return new SeriesDayFile.Value(ts, (byte) kind, isScaled ? scaled / POWERS[scale] : num, text, quality);
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

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final Supplier<Map<String, String>> footer;

        Builder(OutputFile file, Supplier<Map<String, String>> footer) {
            super(file);
            this.footer = footer;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowSupport(footer);
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(ParquetConfiguration conf) {
            return new RowSupport(footer);
        }
    }
}
