package org.openenos.batch;

/** Where a running task writes what it did; the lines are kept with the task instance. */
@FunctionalInterface
public interface TaskLog {
    void info(String line);
}
