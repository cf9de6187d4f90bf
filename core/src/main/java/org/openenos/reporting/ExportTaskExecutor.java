package org.openenos.reporting;

import java.time.Duration;
import java.time.Instant;
import org.openenos.batch.TaskContext;
import org.openenos.batch.TaskExecutor;
import org.openenos.batch.TaskKind;
import org.openenos.batch.TaskSpec;

/**
 * The workflow engine's {@code EXPORT} task: runs the organization's export definition named by the setting
 * {@code definitionId}, or the one the task carries inline ({@link InlineExportDefinition}), with the instance's
 * trigger time as run time, so a "yesterday" export of a daily workflow
 * covers its business date {@code ${cal_dt}} (the trigger date minus one day, when the definition's zone is the
 * workflow's) and a backfill exports each past day. The run's files are listed in the task log, with the run id to
 * download them by ({@code /exportRuns?action=download}).
 *
 * <p>Tasks before it may have just written measure points through the ingest path, which stores them
 * asynchronously; the export first waits until what was ingested so far is stored, so it sees their results.
 */
public final class ExportTaskExecutor implements TaskExecutor {
    public static final String DEFINITION_ID = "definitionId";

    /** Waits until the history ingested so far is stored; false when it is not within the timeout. */
    @FunctionalInterface
    public interface StoredHistory {
        boolean awaitStored(Duration timeout) throws InterruptedException;
    }

    private final ExportService exports;
    private final StoredHistory history;

    public ExportTaskExecutor(ExportService exports, StoredHistory history) {
        this.exports = exports;
        this.history = history;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.EXPORT;
    }

    @Override
    public void validate(TaskSpec task) {
        if (!InlineExportDefinition.isInline(task)) {
            return;
        }
        if (task.setting("pointIds") == null) {
            throw new IllegalArgumentException("task " + task.name() + " needs the setting \"" + DEFINITION_ID
                    + "\" (the id of one of the organization's export definitions) or an inline export (pointIds, "
                    + "assetIds, period, formats...)");
        }
        if (task.config().values().stream().noneMatch(v -> v.contains("${"))) {
            try {
                InlineExportDefinition.of("-", 0, task);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("task " + task.name() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String execute(TaskContext context) throws Exception {
        boolean inline = InlineExportDefinition.isInline(context.task());
        ExportDefinition definition = inline
                ? InlineExportDefinition.of(context.orgId(), context.flowId(), context.task())
                : exports.get(context.orgId(), context.required(DEFINITION_ID));
        String definitionId = definition.definitionId();
        Duration left = context.deadline() == null ? Duration.ofMinutes(5)
                : Duration.between(Instant.now(), context.deadline());
        if (!history.awaitStored(left.isNegative() ? Duration.ZERO : left)) {
            throw new IllegalStateException("the history written before this task was not stored in time");
        }
        context.checkStop();
        ExportRun run = inline ? exports.runUnsaved(context.orgId(), definition, context.triggerTime())
                : exports.run(context.orgId(), definitionId, context.triggerTime());
        context.log().info("export " + definitionId + " (" + run.definitionName() + ") ran as " + run.runId()
                + " for " + run.from() + " to " + run.to() + " (" + run.timeZone() + ")");
        for (ReportFile f : run.files()) {
            context.log().info("file " + f.name() + " (" + f.size() + " bytes), run " + run.runId());
        }
        if (run.deliveryError() != null) {
            context.log().info("delivery failed, the files are kept for download: " + run.deliveryError());
        }
        return "exported " + run.files().size() + " file(s) as run " + run.runId();
    }
}
