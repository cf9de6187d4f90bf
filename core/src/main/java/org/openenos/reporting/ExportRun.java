package org.openenos.reporting;

import java.time.Instant;
import java.util.List;

/**
 * One run of an export definition: the period it covered, the files it produced and until when they are kept.
 * {@code deliveryError} says what failed to deliver (the files are kept and downloadable all the same).
 */
public record ExportRun(String runId, String orgId, String definitionId, String definitionName, Instant runTime,
                        Instant from, Instant to, String timeZone, Status status, String error, String deliveryError,
                        List<ReportFile> files, Instant createTime, Instant expiresAt) {
    public enum Status { SUCCEEDED, FAILED }

    public ExportRun {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
