package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openenos.alerting.smtp.SmtpMailChannel;
import org.openenos.model.Asset;
import org.openenos.registry.AssetTreeService;
import org.openenos.reporting.AssetBranches;
import org.openenos.reporting.ExportRunner;
import org.openenos.reporting.ExportService;
import org.openenos.reporting.LocalReportFiles;
import org.openenos.reporting.ReportMailer;
import org.openenos.reporting.postgres.PostgresExportDefinitionStore;
import org.openenos.reporting.render.CsvRenderer;
import org.openenos.reporting.render.ParquetRenderer;
import org.openenos.reporting.render.PdfReportRenderer;
import org.openenos.reporting.render.XlsxRenderer;
import org.openenos.reporting.smtp.SmtpReportMailer;
import org.openenos.timeseries.TimeSeriesModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Scheduled exports and reports: definitions in PostgreSQL, runs and files in {@code <data-dir>/reports}, the
 * renderers of adapters/reporting, e-mail through the alert e-mail's SMTP server. {@link ExportRunner} is the
 * seam a workflow's export task calls.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportsProperties.class)
public class ReportingConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ReportingConfiguration.class);

    @Bean
    LocalReportFiles reportFiles(OpenEnosProperties props) {
        return new LocalReportFiles(props.dataDir().resolve("reports"));
    }

    @Bean
    ExportRunner exportRunner(ReportsProperties reports, OpenEnosProperties props, TimeSeriesModule timeSeries,
                              AssetTreeService trees, LocalReportFiles files, Clock clock, MeterRegistry meters) {
        var smtp = props.notifications().smtp();
        ReportMailer mailer = smtp.host() == null || smtp.host().isBlank() ? null
                : new SmtpReportMailer(new SmtpMailChannel.Settings(smtp.host(), smtp.port(), smtp.from(),
                smtp.username(), smtp.password(), smtp.startTls(), smtp.timeout()));
        var settings = new ExportRunner.Settings(ZoneId.of(reports.defaultTimeZone()), reports.deliveryDirectory(),
                reports.maxAttachmentSize().toBytes());
        return new ExportRunner(settings, timeSeries.store(), branches(trees),
                List.of(new CsvRenderer(), new XlsxRenderer(), new PdfReportRenderer(), new ParquetRenderer()), files, mailer, clock, meters);
    }

    @Bean
    ExportService exportService(JdbcClient jdbc, ExportRunner runner, LocalReportFiles files, Clock clock) {
        return new ExportService(new PostgresExportDefinitionStore(jdbc), runner, files, clock);
    }

    /** Removes runs past their retention, on its own daemon thread. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService reportRetention(LocalReportFiles files, ReportsProperties reports, Clock clock) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("report-retention").factory());
        long every = Math.max(1_000, reports.purgeInterval().toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                int removed = files.purgeExpired(clock.instant());
                if (removed > 0) {
                    LOG.info("removed {} export run(s) past their retention", removed);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("export retention pass failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return timer;
    }

    /** The assets of a model below a branch of a tree; a model matches its descendants too ({@code modelIdPath}). */
    private static AssetBranches branches(AssetTreeService trees) {
        return (orgId, treeId, branchAssetId, modelId) -> trees.subtree(orgId, treeId, branchAssetId).stream()
                .map(AssetTreeService.NodeView::asset)
                .filter(a -> ofModel(a, modelId))
                .map(Asset::assetId).distinct().toList();
    }

    private static boolean ofModel(Asset a, String modelId) {
        return modelId.equals(a.modelId())
                || a.modelIdPath() != null && List.of(a.modelIdPath().split("/")).contains(modelId);
    }
}
