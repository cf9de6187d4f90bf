package org.openenos.streaming;

/**
 * Lifecycle of a stream job, as EnOS documents it: a draft is saved, released (PUBLISHED), started (RUNNING),
 * paused (state and offsets kept) or stopped (state and offsets cleared). FAILED is set when the engine gives up on a
 * running job; it can be started again or stopped.
 */
public enum JobStatus {
    DRAFT, PUBLISHED, RUNNING, PAUSED, STOPPED, FAILED;

    public boolean canStart() {
        return this == PUBLISHED || this == PAUSED || this == STOPPED || this == FAILED;
    }

    public boolean canPause() {
        return this == RUNNING;
    }

    public boolean canStop() {
        return this == RUNNING || this == PAUSED || this == FAILED;
    }

    /** A release replaces the definition the engine runs, so nothing may be running it. */
    public boolean canRelease() {
        return this != RUNNING;
    }
}
