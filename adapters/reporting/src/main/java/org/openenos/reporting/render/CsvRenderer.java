package org.openenos.reporting.render;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.ReportContent;
import org.openenos.reporting.ReportRenderer;

/**
 * CSV (RFC 4180, UTF-8, {@code \n} line ends) with the columns of the TSDB export: asset, point, UTC epoch
 * milliseconds, local time in the export's zone, and the value (or the aggregate of the window starting then).
 */
public final class CsvRenderer implements ReportRenderer {
    @Override
    public ExportFormat format() {
        return ExportFormat.CSV;
    }

    @Override
    public void render(ReportContent content, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        w.write("assetId,pointId,timestamp,localtime," + content.valueColumn() + "\n");
        content.forEachRow(row -> {
            w.write(field(row.assetId()));
            w.write(',');
            w.write(field(row.pointId()));
            w.write(',');
            w.write(Long.toString(row.time()));
            w.write(',');
            w.write(row.localTime());
            w.write(',');
            w.write(field(ValueText.of(row.value())));
            w.write('\n');
        });
        w.flush();
    }

    static String field(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
