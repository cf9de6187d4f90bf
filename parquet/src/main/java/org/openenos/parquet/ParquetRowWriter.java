package org.openenos.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes rows ({@code Object[]} in column order, nulls allowed) as one Parquet file to a stream, Snappy-compressed.
 * parquet-java's writer is used without Hadoop on the class path: a plain configuration, this module's codecs and
 * an {@link OutputFile} over the stream (ADR 0105). The stream is not closed.
 */
public final class ParquetRowWriter implements AutoCloseable {
    private final ParquetWriter<Object[]> writer;
    private final List<ParquetColumn> columns;

    private ParquetRowWriter(ParquetWriter<Object[]> writer, List<ParquetColumn> columns) {
        this.writer = writer;
        this.columns = columns;
    }

    public static ParquetRowWriter open(OutputStream out, List<ParquetColumn> columns) throws IOException {
        List<ParquetColumn> cols = List.copyOf(columns);
        MessageType schema = schema(cols);
        ParquetWriter<Object[]> w = new Builder(new StreamOutputFile(out), new RowWriteSupport(schema, cols))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(ParquetCodecs.INSTANCE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                // size statistics (a 2024 addition to the footer) trip some readers; min/max statistics stay
                .withSizeStatisticsEnabled(false)
                .build();
        return new ParquetRowWriter(w, cols);
    }

    /** One row: {@code row[i]} is of column {@code i}'s Java type (see {@link ParquetColumn.Type}) or null. */
    public void write(Object[] row) throws IOException {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("a row of " + row.length + " values for " + columns.size() + " columns");
        }
        writer.write(row);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    static MessageType schema(List<ParquetColumn> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (ParquetColumn c : columns) {
            switch (c.type()) {
                case TIMESTAMP -> b.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                        .named(c.name());
                case STRING -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
                case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(c.name());
                case LONG -> b.optional(PrimitiveTypeName.INT64).named(c.name());
                case INT -> b.optional(PrimitiveTypeName.INT32).named(c.name());
                case BOOLEAN -> b.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
            }
        }
        return b.named("row");
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final RowWriteSupport support;

        Builder(OutputFile file, RowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }

    private static final class RowWriteSupport extends WriteSupport<Object[]> {
        private final MessageType schema;
        private final List<ParquetColumn> columns;
        private RecordConsumer consumer;

        RowWriteSupport(MessageType schema, List<ParquetColumn> columns) {
            this.schema = schema;
            this.columns = columns;
        }

        @Override
        public WriteContext init(Configuration conf) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration conf) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Object[] row) {
            consumer.startMessage();
            for (int i = 0; i < row.length; i++) {
                Object v = row[i];
                if (v == null) {
                    continue;
                }
                ParquetColumn c = columns.get(i);
                consumer.startField(c.name(), i);
                switch (c.type()) {
                    case TIMESTAMP, LONG -> consumer.addLong(((Number) v).longValue());
                    case STRING -> consumer.addBinary(Binary.fromString(v.toString()));
                    case DOUBLE -> consumer.addDouble(((Number) v).doubleValue());
                    case INT -> consumer.addInteger(((Number) v).intValue());
                    case BOOLEAN -> consumer.addBoolean((Boolean) v);
                }
                consumer.endField(c.name(), i);
            }
            consumer.endMessage();
        }
    }

    /** A Parquet output file over a stream that counts the bytes written (the writer needs positions). */
    static final class StreamOutputFile implements OutputFile {
        private final OutputStream out;

        StreamOutputFile(OutputStream out) {
            this.out = out;
        }

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
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush(); // the caller owns the stream
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
}
