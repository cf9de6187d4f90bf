package org.openenos.reporting;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The files of export runs, per organization and run, kept until the run's {@code expiresAt}. A run's record
 * ({@link ExportRun}) is written after its files, so a run cut short by a crash has none and is swept later.
 * Implementations refuse ids and names that could leave the organization's own place.
 */
public interface ReportFiles {
    /** A new file of a run, owner-only; the caller closes it. */
    OutputStream create(String orgId, String runId, String fileName) throws IOException;

    void saveRun(ExportRun run) throws IOException;

    Optional<ExportRun> run(String orgId, String runId);

    /** The organization's runs, newest first. */
    List<ExportRun> runs(String orgId);

    /** A listed file of a run of the organization; not found otherwise. */
    Path file(String orgId, String runId, String fileName);

    /** Where a file of a run is written, whether or not the run is recorded yet (for the runner itself). */
    Path pathOf(String orgId, String runId, String fileName);

    /** Removes the run and its files (a failed run's partial files). */
    void deleteRun(String orgId, String runId) throws IOException;

    /** Removes runs past their expiry, and leftovers of runs that never finished; returns how many runs. */
    int purgeExpired(Instant now) throws IOException;
}
