package org.openenos.streaming.flink;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * The engines change their jobs on one control thread each, so that starts, pauses and stops never interleave; the
 * caller waits for the change and gets the action's own exception, as if it had run the action itself.
 */
final class ControlThread {
    private ControlThread() {
    }

    static void runAndWait(ExecutorService control, Runnable action) {
        try {
            control.submit(action).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
