package org.openenos.batch;

/**
 * Runs the tasks of one {@link TaskKind}. An adapter or another context plugs one in per kind (the export context
 * plugs in {@code EXPORT}); a kind without executor fails its tasks with a clear message. Implementations are
 * thread-safe, stay within {@link TaskContext#orgId()}, honour {@link TaskContext#maxRows()} and call
 * {@link TaskContext#checkStop()} between chunks of work. A thrown exception fails the attempt (it is retried per
 * the task's policy); its message goes to the task log.
 */
public interface TaskExecutor {
    TaskKind kind();

    /** Runs the task; returns a one-line summary for the log (rows read and written...). */
    String execute(TaskContext context) throws Exception;

    /** Checks a task's settings when its workflow is saved, so a mistake is refused then rather than at 1 a.m. */
    default void validate(TaskSpec task) {
    }
}
