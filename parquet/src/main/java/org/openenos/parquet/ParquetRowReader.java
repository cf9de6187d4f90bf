package org.openenos.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a flat Parquet file (primitive columns, optional or required) row by row, without Hadoop: columns map to
 * {@link ParquetColumn.Type}s (timestamps in millis, micros or nanos become epoch milliseconds; 32-bit floats become
 * doubles; other binaries without a string annotation are read as UTF-8 text). Nested columns are refused by name.
 */
public final class ParquetRowReader {
    @FunctionalInterface
    public interface RowSink {
        void accept(Object[] row) throws IOException;
    }

    private ParquetRowReader() {
    }

    /** The file's columns, then each row in file order; returns the number of rows read. */
    public static long read(Path file, java.util.function.Consumer<List<ParquetColumn>> header, RowSink sink)
            throws IOException {
        ParquetReadOptions options = HadoopFreeReadOptions.with(ParquetCodecs.INSTANCE);
        long rows = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<ParquetColumn> columns = columns(schema);
            header.accept(columns);
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    sink.accept(row(records.read(), schema, columns));
                    rows++;
                }
            }
        }
        return rows;
    }

    static List<ParquetColumn> columns(MessageType schema) throws IOException {
        List<ParquetColumn> columns = new ArrayList<>();
        for (Type field : schema.getFields()) {
            if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
                throw new IOException("column '" + field.getName()
                        + "' is nested or repeated; only flat files of primitive columns are read");
            }
            columns.add(new ParquetColumn(field.getName(), typeOf(field.asPrimitiveType())));
        }
        return columns;
    }

    private static ParquetColumn.Type typeOf(PrimitiveType p) {
        LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
        return switch (p.getPrimitiveTypeName()) {
            case INT64 -> logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                    ? ParquetColumn.Type.TIMESTAMP : ParquetColumn.Type.LONG;
            case INT32 -> ParquetColumn.Type.INT;
            case DOUBLE, FLOAT -> ParquetColumn.Type.DOUBLE;
            case BOOLEAN -> ParquetColumn.Type.BOOLEAN;
            default -> ParquetColumn.Type.STRING;
        };
    }

    private static Object[] row(Group g, MessageType schema, List<ParquetColumn> columns) {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            if (g.getFieldRepetitionCount(i) == 0) {
                continue;
            }
            PrimitiveType p = schema.getType(i).asPrimitiveType();
            row[i] = switch (columns.get(i).type()) {
                case TIMESTAMP -> millis(g.getLong(i, 0),
                        (LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) p.getLogicalTypeAnnotation());
                case LONG -> g.getLong(i, 0);
                case INT -> g.getInteger(i, 0);
                case DOUBLE -> p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT
                        ? (double) g.getFloat(i, 0) : g.getDouble(i, 0);
                case BOOLEAN -> g.getBoolean(i, 0);
                case STRING -> p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96
                        ? null : g.getString(i, 0);
            };
        }
        return row;
    }

    private static long millis(long value, LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
        return switch (t.getUnit()) {
            case MILLIS -> value;
            case MICROS -> Math.floorDiv(value, 1_000L);
            case NANOS -> Math.floorDiv(value, 1_000_000L);
        };
    }
}
