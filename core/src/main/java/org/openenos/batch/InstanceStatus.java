package org.openenos.batch;

/** States of flow and task instances with their EnOS codes (batch-processing-service v2.1). */
public enum InstanceStatus {
    FAIL(-1), INIT(0), SUCCESS(1), RUNNING(2), SUSPEND(3), INTERNAL_ERROR(4), WAIT(5), READY(6), TIMEOUT(7),
    CANCEL(8), RERUN(9), SKIP(10);

    private final int code;

    InstanceStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static InstanceStatus ofCode(int code) {
        for (InstanceStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown instance status " + code);
    }

    /** Nothing more will happen to it unless someone re-runs it. */
    public boolean finished() {
        return this == FAIL || this == SUCCESS || this == INTERNAL_ERROR || this == TIMEOUT || this == CANCEL
                || this == SKIP;
    }

    /** Waiting for the runner to pick it up. */
    public boolean queued() {
        return this == INIT || this == WAIT || this == READY || this == RERUN;
    }
}
