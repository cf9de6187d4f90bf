package org.openenos.reporting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.reporting.internal.ReportDelivery;
import org.openenos.timeseries.TimeSeriesStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an export definition once: the seam the workflow engine's EXPORT task calls with the run time of its
 * instance (a backfill passes a past time, and gets the periods relative to it). Each format is rendered straight
 * into its file, streaming from the store; then the run is recorded, and delivered to the directory and by e-mail
 * when the definition asks. A failed delivery leaves the run succeeded with its {@code deliveryError} (the files are
 * there to download); a failed rendering removes the partial files, records the run as failed and throws.
 */
public final class ExportRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExportRunner.class);

    /**
     * {@code defaultZone} for definitions without one; {@code deliveryDirectory} null disables directory delivery;
     * mails whose files together exceed {@code maxAttachmentBytes} go out without attachments.
     */
    public record Settings(ZoneId defaultZone, Path deliveryDirectory, long maxAttachmentBytes) {
        public static final Settings DEFAULTS = new Settings(ZoneOffset.UTC, null, 20L * 1024 * 1024);
    }

    private final Settings settings;
    private final TimeSeriesStore store;
    private final AssetBranches branches;
    private final Map<ExportFormat, ReportRenderer> renderers = new EnumMap<>(ExportFormat.class);
    private final ReportFiles files;
    private final ReportDelivery delivery;
    private final Clock clock;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter bytes;
    private final Timer duration;
    private volatile Instant lastRun;
    private volatile String lastFailure;

    public ExportRunner(Settings settings, TimeSeriesStore store, AssetBranches branches,
                        List<ReportRenderer> renderers, ReportFiles files, ReportMailer mailer, Clock clock,
                        MeterRegistry meters) {
        this.settings = settings;
        this.store = store;
        this.branches = branches;
        renderers.forEach(r -> this.renderers.put(r.format(), r));
        this.files = files;
        this.delivery = new ReportDelivery(settings.deliveryDirectory(), mailer, settings.maxAttachmentBytes(), meters);
        this.clock = clock;
        this.succeeded = meters.counter("openenos.reports.runs", "outcome", "succeeded");
        this.failed = meters.counter("openenos.reports.runs", "outcome", "failed");
        this.bytes = meters.counter("openenos.reports.files.bytes");
        this.duration = meters.timer("openenos.reports.run.duration");
    }

    /** Whether e-mail delivery is configured (an SMTP host). */
    public boolean canMail() {
        return delivery.canMail();
    }

    /** When the last run ended, null before the first. */
    public Instant lastRun() {
        return lastRun;
    }

    /** What the last failed run reported (definition and error), null when none failed since start. */
    public String lastFailure() {
        return lastFailure;
    }

    public ExportRun run(String orgId, ExportDefinition definition, Instant runTime) {
        if (!orgId.equals(definition.orgId())) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "export definition " + definition.definitionId());
        }
        definition.validate();
        for (ExportFormat f : definition.formats()) {
            if (!renderers.containsKey(f)) {
                throw OpenEnosException.badArgument("format " + f + " is not available on this server");
            }
        }
        if (!definition.delivery().emailTo().isEmpty() && !delivery.canMail()) {
            throw OpenEnosException.badArgument("e-mail delivery needs an SMTP server (openenos.notifications.smtp.host)");
        }
        long started = System.nanoTime();
        RelativePeriod.Window window = definition.period().window(runTime, definition.zone(settings.defaultZone()));
        Instant created = clock.instant();
        String runId = newRunId(created);
        Instant expires = created.plus(Duration.ofDays(definition.retentionDays()));
        ReportContent content = new ReportContent(definition, window, assets(definition), store);
        List<ReportFile> produced = new ArrayList<>();
        try {
            String base = baseName(definition, window);
            for (ExportFormat format : definition.formats()) {
                String name = base + "." + format.extension();
                try (OutputStream out = files.create(orgId, runId, name)) {
                    renderers.get(format).render(content, out);
                }
                long size = Files.size(files.pathOf(orgId, runId, name));
                bytes.increment(size);
                produced.add(new ReportFile(name, format.contentType(), size));
            }
        } catch (IOException | RuntimeException e) {
            failed.increment();
            lastRun = clock.instant();
            lastFailure = definition.definitionId() + " of " + orgId + ": " + e.getMessage();
            recordFailure(orgId, definition, runTime, window, runId, created, expires, e);
            throw e instanceof OpenEnosException oe ? oe
                    : new OpenEnosException(ErrorCode.INTERNAL, "export " + definition.definitionId() + " failed: " + e, e);
        }
        ExportRun run = new ExportRun(runId, orgId, definition.definitionId(), definition.name(), runTime,
                window.from(), window.to(), window.zone().getId(), ExportRun.Status.SUCCEEDED, null, null, produced,
                created, expires);
        String deliveryError = delivery.deliver(run, definition, content.title(), content.periodText(),
                name -> files.pathOf(orgId, runId, name));
        if (deliveryError != null) {
            run = new ExportRun(runId, orgId, run.definitionId(), run.definitionName(), runTime, run.from(), run.to(),
                    run.timeZone(), run.status(), null, deliveryError, produced, created, expires);
        }
        save(run);
        succeeded.increment();
        lastRun = clock.instant();
        duration.record(Duration.ofNanos(System.nanoTime() - started));
        LOG.info("export {} of organization {} ran as {}: {} file(s) for {}", definition.definitionId(), orgId, runId,
                produced.size(), content.periodText());
        return run;
    }

    private List<String> assets(ExportDefinition d) {
        ExportDefinition.Selection s = d.selection();
        if (!s.byBranch()) {
            return s.assetIds();
        }
        List<String> found = branches.assetsOfModel(d.orgId(), s.treeId(), s.branchAssetId(), s.modelId());
        if (found.size() * s.pointIds().size() > ExportDefinition.MAX_SERIES) {
            throw OpenEnosException.badArgument("the branch has " + found.size() + " assets of model " + s.modelId()
                    + ": more than " + ExportDefinition.MAX_SERIES + " series");
        }
        return found;
    }

    private void recordFailure(String orgId, ExportDefinition d, Instant runTime, RelativePeriod.Window window,
                               String runId, Instant created, Instant expires, Exception cause) {
        LOG.warn("export {} of organization {} failed: {}", d.definitionId(), orgId, cause.toString());
        try {
            files.deleteRun(orgId, runId);
            save(new ExportRun(runId, orgId, d.definitionId(), d.name(), runTime, window.from(), window.to(),
                    window.zone().getId(), ExportRun.Status.FAILED, String.valueOf(cause.getMessage()), null,
                    List.of(), created, expires));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not record the failed export run {}: {}", runId, e.toString());
        }
    }

    private void save(ExportRun run) {
        try {
            files.saveRun(run);
        } catch (IOException e) {
            throw new OpenEnosException(ErrorCode.INTERNAL, "could not record export run " + run.runId(), e);
        }
    }

    /** Sortable by creation, unique: {@code 20261206T223000Z-1a2b3c4d}. */
    private static String newRunId(Instant created) {
        String time = created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()
                .replace("-", "").replace(":", "");
        return time + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code <name>_<first local day>[_<last local day>]}, with characters safe in any file system. */
    static String baseName(ExportDefinition d, RelativePeriod.Window w) {
        String name = d.name().replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (name.isEmpty()) {
            name = "export";
        }
        name = name.length() > 80 ? name.substring(0, 80) : name;
        LocalDate first = LocalDate.ofInstant(w.from(), w.zone());
        LocalDate last = LocalDate.ofInstant(w.to().minusMillis(1), w.zone());
        return name + "_" + first + (last.isAfter(first) ? "_" + last : "");
    }
}
