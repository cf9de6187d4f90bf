package org.openenos.batch;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The executors plugged in, one per task kind; a kind can be plugged in after start (the export context does). */
public final class TaskExecutors {
    private final Map<TaskKind, TaskExecutor> byKind = new EnumMap<>(TaskKind.class);

    public synchronized TaskExecutors plug(TaskExecutor executor) {
        byKind.put(executor.kind(), executor);
        return this;
    }

    public synchronized Optional<TaskExecutor> of(TaskKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** Checks a task's settings with its executor; a kind without executor is accepted (it may be plugged later). */
    public void validate(TaskSpec task) {
        of(task.kind()).ifPresent(e -> e.validate(task));
    }
}
