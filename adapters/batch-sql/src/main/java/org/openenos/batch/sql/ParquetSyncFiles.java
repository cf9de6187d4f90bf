package org.openenos.batch.sql;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openenos.parquet.ParquetColumn;
import org.openenos.parquet.ParquetRowReader;
import org.openenos.parquet.ParquetRowWriter;

/**
 * Parquet files of sync tasks. Written columns take the query's SQL types (timestamps as UTC timestamps, integers as
 * 64-bit, decimals and floats as doubles, booleans, the rest text); rows from a CSV file, which has no types, are
 * typed by their values. The file appears complete or not at all (written aside, then moved).
 */
final class ParquetSyncFiles {
    private ParquetSyncFiles() {
    }

    static long write(Path file, List<String> columns, List<String> sqlTypes, List<List<Object>> rows)
            throws IOException {
        List<ParquetColumn> schema = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String sqlType = sqlTypes == null || i >= sqlTypes.size() ? null : sqlTypes.get(i);
            schema.add(new ParquetColumn(columns.get(i), sqlType != null ? ofSqlType(sqlType) : ofValues(rows, i)));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        long n = 0;
        try (OutputStream out = Files.newOutputStream(tmp); ParquetRowWriter w = ParquetRowWriter.open(out, schema)) {
            for (List<Object> row : rows) {
                Object[] values = new Object[schema.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = convert(row.get(i), schema.get(i));
                }
                w.write(values);
                n++;
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return n;
    }

    /** The column names into {@code header} and the rows (timestamps as epoch milliseconds) of the file. */
    static List<List<Object>> read(Path file, List<String> header, long maxRows) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        ParquetRowReader.read(file, columns -> columns.forEach(c -> header.add(c.name())), row -> {
            if (rows.size() >= maxRows) {
                throw new IllegalStateException(file.getFileName() + " has more than " + maxRows + " rows");
            }
            rows.add(Arrays.asList(row));
        });
        return rows;
    }

    static ParquetColumn.Type ofSqlType(String sqlType) {
        String t = sqlType.toUpperCase(Locale.ROOT);
        if (t.startsWith("TIMESTAMP") || t.equals("DATE")) {
            return ParquetColumn.Type.TIMESTAMP;
        }
        return switch (t) {
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT" -> ParquetColumn.Type.LONG;
            case "DOUBLE", "FLOAT", "REAL", "DECIMAL" -> ParquetColumn.Type.DOUBLE;
            case "BOOLEAN" -> ParquetColumn.Type.BOOLEAN;
            default -> ParquetColumn.Type.STRING;
        };
    }

    private static ParquetColumn.Type ofValues(List<List<Object>> rows, int column) {
        for (List<Object> row : rows) {
            Object v = row.get(column);
            if (v != null) {
                return switch (v) {
                    case Long l -> ParquetColumn.Type.LONG;
                    case Integer i -> ParquetColumn.Type.LONG;
                    case Number n -> ParquetColumn.Type.DOUBLE;
                    case Boolean b -> ParquetColumn.Type.BOOLEAN;
                    default -> ParquetColumn.Type.STRING;
                };
            }
        }
        return ParquetColumn.Type.STRING;
    }

    private static Object convert(Object v, ParquetColumn column) {
        Object plain = JdbcValues.plain(v);
        if (plain == null) {
            return null;
        }
        try {
            return switch (column.type()) {
                case TIMESTAMP, LONG -> plain instanceof Number n ? n.longValue() : Long.parseLong(plain.toString());
                case INT -> plain instanceof Number n ? n.intValue() : Integer.parseInt(plain.toString());
                case DOUBLE -> plain instanceof Number n ? n.doubleValue() : Double.parseDouble(plain.toString());
                case BOOLEAN -> plain instanceof Boolean b ? b : Boolean.parseBoolean(plain.toString());
                case STRING -> plain.toString();
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column " + column.name() + ": '" + plain + "' is not a "
                    + column.type().name().toLowerCase(Locale.ROOT));
        }
    }
}
