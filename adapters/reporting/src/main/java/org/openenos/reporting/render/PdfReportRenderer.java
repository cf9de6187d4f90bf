package org.openenos.reporting.render;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.openenos.reporting.ExportDefinition;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.ReportContent;
import org.openenos.reporting.ReportRenderer;

/**
 * The PDF report (Apache PDFBox): the template's title, the period, the chart of its series, a table of count, min,
 * max and average per series, and for aggregate exports the table of windows (at most {@value #MAX_TABLE_ROWS} rows:
 * a PDF is for reading; the full data goes to CSV or XLSX).
 */
public final class PdfReportRenderer implements ReportRenderer {
    static final int MAX_TABLE_ROWS = 1_000;
    private static final float MARGIN = 50;
    private static final float LINE = 14;

    @Override
    public ExportFormat format() {
        return ExportFormat.PDF;
    }

    @Override
    public void render(ReportContent content, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            var page = new PageWriter(doc);
            page.text(PageWriter.BOLD, 18, content.title());
            page.text(PageWriter.REGULAR, 11, "Period: " + content.periodText());
            page.text(PageWriter.REGULAR, 11, "Export: " + content.definition().name() + " — "
                    + (content.definition().values() == ExportDefinition.Values.RAW ? "raw values"
                    : content.valueColumn()));
            page.gap();
            var chart = content.chart();
            if (chart.isPresent()) {
                var c = chart.get();
                var image = LineChartImage.draw(c.assetId() + " / " + c.pointId() + " (average per "
                                + c.intervalMillis() / 60_000 + " min)", c.points(), content.window().fromMillis(),
                        content.window().toMillis(), c.intervalMillis(), t -> content.localTime(t).substring(5, 16));
                page.image(LosslessFactory.createFromImage(doc, image));
                page.gap();
            }
            page.text(PageWriter.BOLD, 13, "Summary");
            float[] widths = {130, 110, 60, 70, 70, 70};
            page.row(PageWriter.BOLD, widths, List.of("Asset", "Point", "Count", "Min", "Max", "Average"));
            for (ReportContent.Summary s : content.summaries()) {
                boolean any = s.count() > 0;
                page.row(PageWriter.REGULAR, widths, List.of(s.assetId(), s.pointId(), Long.toString(s.count()),
                        any ? num(s.min()) : "", any ? num(s.max()) : "", any ? num(s.avg()) : ""));
            }
            if (content.definition().values() == ExportDefinition.Values.AGGREGATE) {
                page.gap();
                page.text(PageWriter.BOLD, 13, "Values (" + content.valueColumn() + ")");
                float[] w = {130, 110, 130, 100};
                page.row(PageWriter.BOLD, w, List.of("Asset", "Point", "Window start", content.valueColumn()));
                var shown = new int[1];
                var more = new boolean[1];
                content.forEachRow(r -> {
                    if (shown[0] == MAX_TABLE_ROWS) {
                        more[0] = true;
                        return;
                    }
                    shown[0]++;
                    page.row(PageWriter.REGULAR, w, List.of(r.assetId(), r.pointId(), r.localTime(),
                            ValueText.of(r.value())));
                });
                if (more[0]) {
                    page.text(PageWriter.REGULAR, 10, "… first " + MAX_TABLE_ROWS + " rows; the full table is in the"
                            + " CSV or XLSX export.");
                }
            }
            page.close();
            doc.save(out);
        }
    }

    private static String num(double v) {
        return ValueText.of(Math.round(v * 1000) / 1000.0);
    }

    /** Writes lines top-down, starting a new page when the current one is full. */
    private static final class PageWriter {
        static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        private final PDDocument doc;
        private PDPageContentStream stream;
        private float y;

        PageWriter(PDDocument doc) throws IOException {
            this.doc = doc;
            newPage();
        }

        void text(PDType1Font font, float size, String text) throws IOException {
            room(size + 6);
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(MARGIN, y - size);
            stream.showText(safe(font, text));
            stream.endText();
            y -= size + 6;
        }

        void row(PDType1Font font, float[] widths, List<String> cells) throws IOException {
            room(LINE);
            float x = MARGIN;
            for (int i = 0; i < cells.size(); i++) {
                stream.beginText();
                stream.setFont(font, 9);
                stream.newLineAtOffset(x, y - 10);
                stream.showText(fit(font, safe(font, cells.get(i)), widths[i] - 6));
                stream.endText();
                x += widths[i];
            }
            y -= LINE;
        }

        void image(PDImageXObject image) throws IOException {
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            float height = width * image.getHeight() / image.getWidth();
            room(height);
            stream.drawImage(image, MARGIN, y - height, width, height);
            y -= height;
        }

        void gap() {
            y -= LINE / 2;
        }

        void close() throws IOException {
            stream.close();
        }

        private void room(float height) throws IOException {
            if (y - height < MARGIN) {
                stream.close();
                newPage();
            }
        }

        private void newPage() throws IOException {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            stream = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        /** The standard fonts encode WinAnsi only; other characters become '?' instead of failing the report. */
        private static String safe(PDType1Font font, String s) {
            if (s == null) {
                return "";
            }
            StringBuilder b = new StringBuilder(s.length());
            s.codePoints().forEach(cp -> {
                String c = Character.toString(cp);
                try {
                    font.encode(c);
                    b.append(c);
                } catch (IOException | IllegalArgumentException e) {
                    b.append('?');
                }
            });
            return b.toString();
        }

        private static String fit(PDType1Font font, String s, float width) throws IOException {
            String t = s;
            while (!t.isEmpty() && font.getStringWidth(t) / 1000 * 9 > width) {
                t = t.substring(0, t.length() - 1);
            }
            return t.length() < s.length() && t.length() > 1 ? t.substring(0, t.length() - 1) + "…" : t;
        }
    }
}
