package org.openenos.reporting.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.openenos.reporting.ExportDefinition;
import org.openenos.reporting.ExportRun;
import org.openenos.reporting.ReportFile;
import org.openenos.reporting.ReportMailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a run's files beyond the download: a copy in {@code <directory>/<org>/<run>/} (the directory another
 * system picks files up from: copied under a temporary name and renamed, so a reader never sees half a file) and an
 * e-mail with the files attached. Returns what failed, as text for the run's record, instead of throwing: the run
 * itself succeeded.
 */
public final class ReportDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(ReportDelivery.class);

    private final Path directory;
    private final ReportMailer mailer;
    private final long maxAttachmentBytes;
    private final Counter directoryFailures;
    private final Counter mailFailures;
    private final Counter mails;

    public ReportDelivery(Path directory, ReportMailer mailer, long maxAttachmentBytes, MeterRegistry meters) {
        this.directory = directory;
        this.mailer = mailer;
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.directoryFailures = meters.counter("openenos.reports.deliveries.failed", "channel", "directory");
        this.mailFailures = meters.counter("openenos.reports.deliveries.failed", "channel", "email");
        this.mails = meters.counter("openenos.reports.mails.sent");
    }

    public boolean canMail() {
        return mailer != null;
    }

    /** Delivers as the definition asks; null when everything went, else what did not. */
    public String deliver(ExportRun run, ExportDefinition definition, String title, String period,
                          Function<String, Path> fileOf) {
        List<String> errors = new ArrayList<>();
        if (definition.delivery().toDirectory()) {
            if (directory == null) {
                errors.add("directory: no delivery directory configured (openenos.reports.delivery-directory)");
            } else {
                try {
                    copy(run, fileOf);
                } catch (IOException | RuntimeException e) {
                    directoryFailures.increment();
                    LOG.warn("export run {} not copied to the delivery directory: {}", run.runId(), e.toString());
                    errors.add("directory: " + e.getMessage());
                }
            }
        }
        if (!definition.delivery().emailTo().isEmpty()) {
            try {
                mailer.send(mail(run, definition, title, period, fileOf));
                mails.increment();
            } catch (Exception e) {
                mailFailures.increment();
                LOG.warn("export run {} not mailed: {}", run.runId(), e.toString());
                errors.add("email: " + e.getMessage());
            }
        }
        return errors.isEmpty() ? null : String.join("; ", errors);
    }

    private void copy(ExportRun run, Function<String, Path> fileOf) throws IOException {
        Path target = directory.resolve(run.orgId()).resolve(run.runId());
        Files.createDirectories(target);
        for (ReportFile f : run.files()) {
            Path tmp = target.resolve("." + f.name() + ".part");
            Files.copy(fileOf.apply(f.name()), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target.resolve(f.name()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private ReportMailer.Mail mail(ExportRun run, ExportDefinition definition, String title, String period,
                                   Function<String, Path> fileOf) {
        long total = run.files().stream().mapToLong(ReportFile::size).sum();
        boolean attach = total <= maxAttachmentBytes;
        StringBuilder body = new StringBuilder()
                .append(title).append('\n')
                .append("Period: ").append(period).append('\n')
                .append("Export: ").append(definition.name()).append(" (").append(definition.definitionId())
                .append(")\n")
                .append("Run: ").append(run.runId()).append('\n')
                .append("Files kept until: ").append(run.expiresAt()).append("\n\n");
        for (ReportFile f : run.files()) {
            body.append("- ").append(f.name()).append(" (").append(f.size()).append(" bytes)\n");
        }
        if (!attach) {
            body.append("\nThe files are larger than the e-mail limit; download them from the run in the portal"
                    + " or through the API.\n");
        }
        List<ReportMailer.Attachment> attachments = attach ? run.files().stream()
                .map(f -> new ReportMailer.Attachment(f.name(), f.contentType(), fileOf.apply(f.name()))).toList()
                : List.of();
        return new ReportMailer.Mail(definition.delivery().emailTo(), title + " — " + period, body.toString(),
                attachments);
    }
}
