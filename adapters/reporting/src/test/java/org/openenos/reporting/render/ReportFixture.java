package org.openenos.reporting.render;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.openenos.model.MeasurePointValue;
import org.openenos.reporting.ExportDefinition;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.ExportRunner;
import org.openenos.reporting.ExportService;
import org.openenos.reporting.LocalReportFiles;
import org.openenos.reporting.RelativePeriod;
import org.openenos.reporting.ReportMailer;
import org.openenos.testkit.InMemoryExportDefinitions;
import org.openenos.testkit.InMemoryTimeSeriesStore;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.TimeSeriesStore;

/** A runner over an in-memory store with the real renderers and files in a temporary data directory. */
final class ReportFixture {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    final InMemoryTimeSeriesStore store = new InMemoryTimeSeriesStore();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final LocalReportFiles files;
    final ExportRunner runner;
    final ExportService service;
    final List<ReportMailer.Mail> mails = new ArrayList<>();

    ReportFixture(Path dataDir, Path deliveryDir, Clock clock) {
        files = new LocalReportFiles(dataDir.resolve("reports"));
        runner = new ExportRunner(new ExportRunner.Settings(ZoneOffset.UTC, deliveryDir, 20L * 1024 * 1024), store,
                (org, tree, branch, model) -> List.of(), List.of(new CsvRenderer(), new XlsxRenderer(),
                new PdfReportRenderer(), new ParquetRenderer()), files, mails::add, clock, meters);
        service = new ExportService(new InMemoryExportDefinitions(), runner, files, clock);
    }

    void put(String orgId, String assetId, String pointId, Instant time, Object value) {
        store.append(List.of(new MeasurePointValue(orgId, "m1", assetId, pointId, time.toEpochMilli(), value, null)),
                TimeSeriesStore.AppendMode.NEW);
    }

    static ExportDefinition raw(String orgId, List<String> assets, List<String> points, RelativePeriod period,
                                String zone, List<ExportFormat> formats) {
        return new ExportDefinition("exp-1", orgId, "Daily meter", new ExportDefinition.Selection(assets, null, null,
                null, points), ExportDefinition.Values.RAW, null, 0, period, zone, formats,
                new ExportDefinition.ReportTemplate("Daily meter report", assets.getFirst(), points.getFirst()),
                ExportDefinition.Delivery.NONE, 7, null, null);
    }

    static ExportDefinition hourlyAverages(String orgId, List<String> assets, List<String> points, String zone,
                                           List<ExportFormat> formats) {
        return new ExportDefinition("exp-2", orgId, "Hourly averages", new ExportDefinition.Selection(assets, null,
                null, null, points), ExportDefinition.Values.AGGREGATE, AggregateFunction.AVG, 60,
                RelativePeriod.YESTERDAY, zone, formats,
                new ExportDefinition.ReportTemplate("Plant power — yesterday", assets.getFirst(), points.getFirst()),
                ExportDefinition.Delivery.NONE, 7, null, null);
    }
}
