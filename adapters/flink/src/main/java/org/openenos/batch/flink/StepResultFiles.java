package org.openenos.batch.flink;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * Reads the JSON-lines files a step's job wrote and gives the rows the values the Calcite engine gives them
 * (ADR 0100): timestamps and dates as epoch milliseconds (UTC), decimals as doubles, whole numbers as
 * {@code Integer} or {@code Long} by their SQL type, and type names as JDBC spells them.
 */
final class StepResultFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StepResultFiles() {
    }

    record Rows(List<String> columns, List<String> types, List<List<Object>> rows, boolean truncated) {
    }

    static Rows read(Path dir, ResolvedSchema schema, long maxRows) throws IOException {
        List<Column> columns = schema.getColumns();
        List<String> names = columns.stream().map(Column::getName).toList();
        List<String> types = columns.stream().map(c -> typeName(c.getDataType().getLogicalType().getTypeRoot()))
                .toList();
        List<List<Object>> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Rows(names, types, rows, false); // a job whose query matched nothing may write no file
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            // finished part files only: in-progress and staging files start with a dot or an underscore
            files = list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().startsWith("_")).sorted().toList();
        }
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (rows.size() >= maxRows) {
                        return new Rows(names, types, rows, true);
                    }
                    JsonNode node = JSON.readTree(line);
                    List<Object> row = new ArrayList<>(columns.size());
                    for (Column c : columns) {
                        row.add(value(node.get(c.getName()), c.getDataType().getLogicalType().getTypeRoot()));
                    }
                    rows.add(row);
                }
            }
        }
        return new Rows(names, types, rows, false);
    }

    static Object value(JsonNode v, LogicalTypeRoot type) {
        if (v == null || v.isNull()) {
            return null;
        }
        return switch (type) {
            case TINYINT, SMALLINT, INTEGER -> v.asInt();
            case BIGINT -> v.asLong();
            case FLOAT, DOUBLE, DECIMAL -> v.asDouble();
            case BOOLEAN -> v.asBoolean();
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> LocalDateTime
                    .parse(v.asText().replace(' ', 'T').replace("Z", "")).toInstant(ZoneOffset.UTC).toEpochMilli();
            case DATE -> LocalDate.parse(v.asText()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            default -> v.isTextual() ? v.asText() : v.toString();
        };
    }

    /** The JDBC name of a Flink SQL type, as the Calcite engine reports its columns. */
    static String typeName(LogicalTypeRoot root) {
        return switch (root) {
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_WITH_TIME_ZONE -> "TIMESTAMP";
            default -> root.name();
        };
    }
}
