package org.openenos.reporting.render;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.openenos.parquet.ParquetColumn;
import org.openenos.parquet.ParquetRowWriter;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.ReportContent;
import org.openenos.reporting.ReportRenderer;

/**
 * Parquet with typed columns: {@code asset_id}, {@code point_id}, {@code time} (UTC timestamp, milliseconds), the
 * value in the column of its type ({@code value_double}, {@code value_long}, {@code value_string},
 * {@code value_bool}; the others null) and {@code quality}. Aggregates are doubles. Snappy-compressed, one row group
 * per 128 MB; rows are streamed from the store page by page (ADR 0105).
 */
public final class ParquetRenderer implements ReportRenderer {
    static final List<ParquetColumn> COLUMNS = List.of(
            new ParquetColumn("asset_id", ParquetColumn.Type.STRING),
            new ParquetColumn("point_id", ParquetColumn.Type.STRING),
            new ParquetColumn("time", ParquetColumn.Type.TIMESTAMP),
            new ParquetColumn("value_double", ParquetColumn.Type.DOUBLE),
            new ParquetColumn("value_long", ParquetColumn.Type.LONG),
            new ParquetColumn("value_string", ParquetColumn.Type.STRING),
            new ParquetColumn("value_bool", ParquetColumn.Type.BOOLEAN),
            new ParquetColumn("quality", ParquetColumn.Type.INT));

    @Override
    public ExportFormat format() {
        return ExportFormat.PARQUET;
    }

    @Override
    public void render(ReportContent content, OutputStream out) throws IOException {
        try (ParquetRowWriter writer = ParquetRowWriter.open(out, COLUMNS)) {
            content.forEachRow(row -> {
                Object[] r = new Object[COLUMNS.size()];
                r[0] = row.assetId();
                r[1] = row.pointId();
                r[2] = row.time();
                switch (row.value()) {
                    case null -> { }
                    case Double d -> r[3] = d;
                    case Float f -> r[3] = f.doubleValue();
                    case Long l -> r[4] = l;
                    case Integer i -> r[4] = i.longValue();
                    case Short s -> r[4] = s.longValue();
                    case Byte b -> r[4] = b.longValue();
                    case Number n -> r[3] = n.doubleValue();
                    case Boolean b -> r[6] = b;
                    default -> r[5] = ValueText.of(row.value());
                }
                r[7] = row.quality();
                writer.write(r);
            });
        }
        out.flush();
    }
}
