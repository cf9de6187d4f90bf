package org.openenos.alerting.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single thread of one evaluator partition and its bounded hand-over queue. When the queue is full the caller
 * waits (back-pressure) instead of the task being dropped: the storage stage then slows down and the backlog stays
 * in the durable telemetry log, so no value is ever skipped by alert evaluation and memory stays bounded.
 */
public final class PartitionQueue implements java.util.concurrent.Executor {
    private final ThreadPoolExecutor executor;
    private final BlockingQueue<Runnable> queue;
    private final AtomicLong blockedNanos = new AtomicLong();
    private final AtomicLong blockedTimes = new AtomicLong();

    public PartitionQueue(String threadName, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, queue,
                r -> Thread.ofPlatform().daemon().name(threadName).unstarted(r), (task, pool) -> block(task, pool));
    }

    private void block(Runnable task, ThreadPoolExecutor pool) {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("alert evaluator is shut down");
        }
        long t0 = System.nanoTime();
        try {
            // put() waits for space; the worker thread is started already because the queue only fills after it.
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for the alert evaluator", e);
        } finally {
            blockedNanos.addAndGet(System.nanoTime() - t0);
            blockedTimes.incrementAndGet();
        }
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Tasks waiting for the partition thread. */
    public int depth() {
        return queue.size();
    }

    /** Total time callers have waited for space, in nanoseconds. */
    public long blockedNanos() {
        return blockedNanos.get();
    }

    /** How many hand-overs had to wait for space. */
    public long blockedTimes() {
        return blockedTimes.get();
    }

    public void shutdown(long timeout, TimeUnit unit) {
        executor.shutdown();
        try {
            executor.awaitTermination(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
