package org.openenos.ota;

import java.time.Instant;

/**
 * One device's part of a job (EnOS's OTA task): from the version it ran to the job's. {@code progress} is 0–100,
 * negative after a failure (the device's step). {@code attempts} counts pushes; a failed attempt with retries left
 * goes back to {@code INIT} and is pushed again from {@code nextAttemptTime}.
 */
public record OtaTask(String taskId, String jobId, String orgId, String assetId, String productKey,
                      String deviceKey, String fromVersion, String toVersion, Status status, int progress,
                      String desc, int attempts, Instant nextAttemptTime, Instant updateTime) {

    public enum Status {
        INIT, PUBLISHED, UPGRADING, SUCCEEDED, FAILED, CANCELED;

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELED;
        }

        public boolean inFlight() {
            return this == PUBLISHED || this == UPGRADING;
        }

        /** EnOS lists five task states; a canceled task is a failed one (its desc says canceled). */
        public String enos() {
            return this == CANCELED ? "failed" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public OtaTask with(Status next, int nextProgress, String nextDesc, Instant at) {
        return new OtaTask(taskId, jobId, orgId, assetId, productKey, deviceKey, fromVersion, toVersion, next,
                nextProgress, nextDesc, attempts, nextAttemptTime, at);
    }

    public OtaTask published(Instant at) {
        return new OtaTask(taskId, jobId, orgId, assetId, productKey, deviceKey, fromVersion, toVersion,
                Status.PUBLISHED, 0, null, attempts + 1, null, at);
    }

    public OtaTask retryAt(Instant when, int failedStep, String reason, Instant at) {
        return new OtaTask(taskId, jobId, orgId, assetId, productKey, deviceKey, fromVersion, toVersion, Status.INIT,
                failedStep, reason, attempts, when, at);
    }
}
