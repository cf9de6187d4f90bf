package org.openenos.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * What an executor gets: the task with its settings already resolved (system variables substituted), the
 * organization it runs for (the only data it may touch), the run's business date and trigger time, its limits, a
 * log, a progress sink and whether the run was canceled or timed out.
 */
public record TaskContext(String orgId, long flowId, long instanceId, long taskInstId, TaskSpec task,
                          LocalDate calDt, Instant triggerTime, Instant deadline, long maxRows, TaskLog log,
                          IntConsumer progress, BooleanSupplier stopRequested) {

    public String setting(String key) {
        return task.setting(key);
    }

    public String required(String key) {
        String v = task.setting(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("task " + task.name() + " needs the setting \"" + key + "\"");
        }
        return v;
    }

    /** Throws when the task should stop: executors call it between chunks of work. */
    public void checkStop() {
        if (stopRequested.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new TaskStoppedException("task " + task.name() + " stopped (time-out or cancel)");
        }
    }

    public static final class TaskStoppedException extends RuntimeException {
        public TaskStoppedException(String message) {
            super(message);
        }
    }
}
