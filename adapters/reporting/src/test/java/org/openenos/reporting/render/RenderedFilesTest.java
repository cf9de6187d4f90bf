package org.openenos.reporting.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.ExportRun;

/** The XLSX and the PDF of a run over known history, opened with a reader and checked. */
class RenderedFilesTest {
    static final String ORG = "o_files";
    @TempDir
    Path dataDir;
    final Clock clock = Clock.fixed(Instant.parse("2026-12-06T06:00:00Z"), ZoneOffset.UTC);

    private ReportFixture withHistory() {
        var f = new ReportFixture(dataDir, null, clock);
        // a day of 10-minute values of two meters: power = hour of the day, and twice that
        for (int i = 0; i < 144; i++) {
            Instant t = Instant.parse("2026-12-05T00:00:00Z").plusSeconds(600L * i);
            f.put(ORG, "meter1", "power", t, (double) (i / 6));
            f.put(ORG, "meter2", "power", t, 2.0 * (i / 6));
        }
        return f;
    }

    @Test
    void theXlsxHoldsOneRowPerHourlyAverageWithRealNumbersAndDatesAndASummarySheet() throws Exception {
        var f = withHistory();
        ExportRun run = f.runner.run(ORG, ReportFixture.hourlyAverages(ORG, List.of("meter1", "meter2"),
                List.of("power"), "UTC", List.of(ExportFormat.XLSX)), clock.instant());

        try (InputStream in = Files.newInputStream(f.files.file(ORG, run.runId(), run.files().getFirst().name()));
             ReadableWorkbook wb = new ReadableWorkbook(in)) {
            List<Sheet> sheets = wb.getSheets().toList();
            assertThat(sheets).extracting(Sheet::getName).containsExactly("Data", "Summary");
            List<Row> rows = sheets.getFirst().read();
            assertThat(rows).hasSize(1 + 48);
            assertThat(rows.getFirst().getCellText(4)).isEqualTo("avg_60m");
            Row meter1At13 = rows.get(1 + 13);
            assertThat(meter1At13.getCellText(0)).isEqualTo("meter1");
            assertThat(meter1At13.getCellAsNumber(2).orElseThrow().longValue())
                    .isEqualTo(Instant.parse("2026-12-05T13:00:00Z").toEpochMilli());
            assertThat(meter1At13.getCellAsDate(3).orElseThrow()).isEqualTo(LocalDateTime.parse("2026-12-05T13:00:00"));
            assertThat(meter1At13.getCellAsNumber(4).orElseThrow().doubleValue()).isEqualTo(13.0);
            Row meter2At23 = rows.get(1 + 24 + 23);
            assertThat(meter2At23.getCellText(0)).isEqualTo("meter2");
            assertThat(meter2At23.getCellAsNumber(4).orElseThrow().doubleValue()).isEqualTo(46.0);

            List<Row> summary = sheets.get(1).read();
            assertThat(summary.getFirst().getCellText(0)).isEqualTo("Plant power — yesterday");
            Row meter2 = summary.stream().filter(r -> "meter2".equals(r.getCellText(0))).findFirst().orElseThrow();
            assertThat(meter2.getCellText(0)).isEqualTo("meter2");
            assertThat(meter2.getCellAsNumber(2).orElseThrow().intValue()).isEqualTo(144);
            assertThat(meter2.getCellAsNumber(3).orElseThrow().doubleValue()).isEqualTo(0.0);
            assertThat(meter2.getCellAsNumber(4).orElseThrow().doubleValue()).isEqualTo(46.0);
            assertThat(meter2.getCellAsNumber(5).orElseThrow().doubleValue()).isEqualTo(23.0);
        }
    }

    @Test
    void thePdfHasTheTitleThePeriodTheSummaryTableAndTheChartImage() throws Exception {
        var f = withHistory();
        ExportRun run = f.runner.run(ORG, ReportFixture.hourlyAverages(ORG, List.of("meter1", "meter2"),
                List.of("power"), "UTC", List.of(ExportFormat.PDF)), clock.instant());

        Path pdf = f.files.file(ORG, run.runId(), run.files().getFirst().name());
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Plant power — yesterday")
                    .contains("Period: 2026-12-05 00:00:00 – 2026-12-06 00:00:00 (UTC)")
                    .contains("Summary")
                    .containsPattern("meter2\\s+power\\s+144\\s+0\\.0\\s+46\\.0\\s+23\\.0")
                    .containsPattern("meter1\\s+power\\s+2026-12-05 13:00:00\\s+13\\.0");
            var resources = doc.getPage(0).getResources();
            List<PDImageXObject> images = new java.util.ArrayList<>();
            for (COSName name : resources.getXObjectNames()) {
                if (resources.getXObject(name) instanceof PDImageXObject image) {
                    images.add(image);
                }
            }
            assertThat(images).singleElement().satisfies(image -> {
                assertThat(image.getWidth()).isEqualTo(LineChartImage.WIDTH);
                assertThat(image.getHeight()).isEqualTo(LineChartImage.HEIGHT);
                // the line is drawn: some pixels carry the line's blue
                var img = image.getImage();
                boolean blue = false;
                for (int x = 100; x < img.getWidth() && !blue; x += 3) {
                    for (int y = 50; y < img.getHeight() - 60 && !blue; y++) {
                        int rgb = img.getRGB(x, y) & 0xffffff;
                        blue = (rgb & 0xff) > 0x90 && ((rgb >> 16) & 0xff) < 0x60;
                    }
                }
                assertThat(blue).as("chart line drawn").isTrue();
            });
        }
    }
}
