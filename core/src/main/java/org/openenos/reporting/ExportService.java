package org.openenos.reporting;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/**
 * Export definitions of an organization and their runs: save, get, list, delete, run now, and the files of runs.
 * Callers check access to the organization first; every lookup here is keyed by it as well, so an id of another
 * organization is simply not found.
 */
public final class ExportService {
    private final ExportDefinitionStore definitions;
    private final ExportRunner runner;
    private final ReportFiles files;
    private final Clock clock;

    public ExportService(ExportDefinitionStore definitions, ExportRunner runner, ReportFiles files, Clock clock) {
        this.definitions = definitions;
        this.runner = runner;
        this.files = files;
        this.clock = clock;
    }

    /** Creates the definition (no id) or replaces the organization's definition with its id; returns what was saved. */
    public ExportDefinition save(String orgId, ExportDefinition definition) {
        definition.validate();
        if (!definition.delivery().emailTo().isEmpty() && !runner.canMail()) {
            throw OpenEnosException.badArgument("e-mail delivery needs an SMTP server (openenos.notifications.smtp.host)");
        }
        Instant now = clock.instant();
        ExportDefinition saved;
        if (definition.definitionId() == null || definition.definitionId().isBlank()) {
            saved = definition.withIdentity("exp-" + UUID.randomUUID().toString().substring(0, 13), orgId, now, now);
        } else {
            ExportDefinition existing = get(orgId, definition.definitionId());
            saved = definition.withIdentity(existing.definitionId(), orgId, existing.createTime(), now);
        }
        definitions.save(saved);
        return saved;
    }

    public ExportDefinition get(String orgId, String definitionId) {
        return definitions.find(orgId, definitionId).orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND,
                "export definition " + definitionId));
    }

    public List<ExportDefinition> list(String orgId) {
        return definitions.list(orgId);
    }

    /** Removes the definition; the files of its runs stay until their retention ends. */
    public void delete(String orgId, String definitionId) {
        if (!definitions.delete(orgId, definitionId)) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "export definition " + definitionId);
        }
    }

    /** Runs the definition now (periods relative to now), or relative to {@code runTime} when given. */
    public ExportRun run(String orgId, String definitionId, Instant runTime) {
        return runner.run(orgId, get(orgId, definitionId), runTime == null ? clock.instant() : runTime);
    }

    /** Runs a definition that is not saved (an export carried inline by a workflow task), relative to {@code runTime}. */
    public ExportRun runUnsaved(String orgId, ExportDefinition definition, Instant runTime) {
        return runner.run(orgId, definition, runTime);
    }

    /** The organization's runs, newest first; of one definition when {@code definitionId} is given. */
    public List<ExportRun> runs(String orgId, String definitionId) {
        return files.runs(orgId).stream()
                .filter(r -> definitionId == null || definitionId.equals(r.definitionId())).toList();
    }

    public ExportRun runOf(String orgId, String runId) {
        return files.run(orgId, runId).orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND,
                "export run " + runId));
    }

    /** A file of one of the organization's runs, to stream to a download. */
    public Path file(String orgId, String runId, String fileName) {
        return files.file(orgId, runId, fileName);
    }
}
