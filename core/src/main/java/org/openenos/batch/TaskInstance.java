package org.openenos.batch;

import java.time.Instant;

/** One task of a flow instance: its state, attempts so far, progress (0–100) and the last message. */
public record TaskInstance(long taskInstId, long instanceId, String taskName, TaskKind kind, InstanceStatus status,
                           int attempts, int progress, String message, Instant startTime, Instant endTime) {

    public TaskInstance with(InstanceStatus s, int attemptCount, int percent, String msg, Instant start, Instant end) {
        return new TaskInstance(taskInstId, instanceId, taskName, kind, s, attemptCount, percent, msg, start, end);
    }

    public Long durationMillis() {
        return startTime == null || endTime == null ? null : endTime.toEpochMilli() - startTime.toEpochMilli();
    }
}
