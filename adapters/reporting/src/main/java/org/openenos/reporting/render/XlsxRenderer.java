package org.openenos.reporting.render;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.ReportContent;
import org.openenos.reporting.ReportRenderer;

/**
 * XLSX with fastexcel, which streams: rows are flushed to the file every {@value #FLUSH_ROWS}, so a month of
 * one-second values is written in the memory of a few thousand rows. Sheet {@code Data}: asset, point, UTC epoch
 * milliseconds, local time as a real date, value (numbers as numbers); a sheet holds at most {@value #SHEET_ROWS}
 * rows, more continue on {@code Data 2}, {@code Data 3}… Sheet {@code Summary}: count, min, max, average per series.
 */
public final class XlsxRenderer implements ReportRenderer {
    static final int FLUSH_ROWS = 5_000;
    /** Excel's limit is 1,048,576 rows including the heading. */
    static final int SHEET_ROWS = 1_048_575;
    private static final String DATE_FORMAT = "yyyy-mm-dd hh:mm:ss";

    @Override
    public ExportFormat format() {
        return ExportFormat.XLSX;
    }

    @Override
    public void render(ReportContent content, OutputStream out) throws IOException {
        Workbook wb = new Workbook(out, "OpenEnOS", "1.0");
        var state = new Object() {
            Worksheet sheet;
            int sheets;
            int row;
        };
        state.sheet = dataSheet(wb, content, ++state.sheets);
        content.forEachRow(r -> {
            if (state.row == SHEET_ROWS) {
                state.sheet.finish();
                state.sheet = dataSheet(wb, content, ++state.sheets);
                state.row = 0;
            }
            int y = ++state.row;
            Worksheet ws = state.sheet;
            ws.value(y, 0, r.assetId());
            ws.value(y, 1, r.pointId());
            ws.value(y, 2, r.time());
            ws.value(y, 3, LocalDateTime.ofInstant(Instant.ofEpochMilli(r.time()), content.window().zone()));
            ws.style(y, 3).format(DATE_FORMAT).set();
            Double n = ValueText.number(r.value());
            if (n != null && !(r.value() instanceof Boolean)) {
                ws.value(y, 4, n);
            } else if (r.value() instanceof Boolean b) {
                ws.value(y, 4, b);
            } else {
                // inline: the shared-strings table is kept in memory until the end and would grow with every
                // distinct text value
                ws.inlineString(y, 4, ValueText.of(r.value()));
            }
            if (y % FLUSH_ROWS == 0) {
                ws.flush();
            }
        });
        state.sheet.finish();
        summarySheet(wb, content);
        wb.finish();
    }

    private static Worksheet dataSheet(Workbook wb, ReportContent content, int n) {
        Worksheet ws = wb.newWorksheet(n == 1 ? "Data" : "Data " + n);
        String[] heading = {"assetId", "pointId", "timestamp", "localtime", content.valueColumn()};
        for (int c = 0; c < heading.length; c++) {
            ws.value(0, c, heading[c]);
        }
        ws.range(0, 0, 0, heading.length - 1).style().bold().set();
        ws.width(3, 20);
        ws.freezePane(0, 1);
        return ws;
    }

    private static void summarySheet(Workbook wb, ReportContent content) throws IOException {
        Worksheet ws = wb.newWorksheet("Summary");
        ws.value(0, 0, content.title());
        ws.style(0, 0).bold().set();
        ws.value(1, 0, content.periodText());
        String[] heading = {"assetId", "pointId", "count", "min", "max", "avg"};
        for (int c = 0; c < heading.length; c++) {
            ws.value(3, c, heading[c]);
        }
        ws.range(3, 0, 3, heading.length - 1).style().bold().set();
        int y = 4;
        for (ReportContent.Summary s : content.summaries()) {
            ws.value(y, 0, s.assetId());
            ws.value(y, 1, s.pointId());
            ws.value(y, 2, s.count());
            if (s.count() > 0) {
                ws.value(y, 3, s.min());
                ws.value(y, 4, s.max());
                ws.value(y, 5, s.avg());
            }
            y++;
        }
        ws.finish();
    }
}
