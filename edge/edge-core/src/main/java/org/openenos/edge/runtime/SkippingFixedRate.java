package org.openenos.edge.runtime;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs a task on a fixed-rate grid that skips the ticks missed while a run took too long (a field outage with its
 * timeouts). {@link ScheduledExecutorService#scheduleAtFixedRate} would instead fire every missed tick back to back,
 * so one reading would be stored once per missed cycle within milliseconds; here a late run is followed by the next
 * tick still ahead on the grid, so there is at most one sample per cycle.
 */
public final class SkippingFixedRate {
    private final ScheduledExecutorService scheduler;
    private final Runnable task;
    private final long periodNanos;
    private final LongSupplier clock;
    private final long origin;
    private volatile boolean cancelled;

    private SkippingFixedRate(ScheduledExecutorService scheduler, Runnable task, long periodNanos, LongSupplier clock) {
        this.scheduler = scheduler;
        this.task = task;
        this.periodNanos = periodNanos;
        this.clock = clock;
        this.origin = clock.getAsLong();
    }

    /** Starts at once and then every {@code periodMillis}, skipping missed ticks. */
    public static SkippingFixedRate start(ScheduledExecutorService scheduler, Runnable task, long periodMillis) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("period must be positive: " + periodMillis);
        }
        SkippingFixedRate schedule = new SkippingFixedRate(scheduler, task, TimeUnit.MILLISECONDS.toNanos(periodMillis),
                System::nanoTime);
        scheduler.execute(schedule::runOnce);
        return schedule;
    }

    public void cancel() {
        cancelled = true;
    }

    private void runOnce() {
        if (cancelled) {
            return;
        }
        try {
            task.run();
        } finally {
            if (!cancelled && !scheduler.isShutdown()) {
                long now = clock.getAsLong();
                try {
                    scheduler.schedule(this::runOnce, nextTick(origin, periodNanos, now) - now, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException shuttingDown) {
                    // the runtime is closing; the schedule ends here
                }
            }
        }
    }

    /** The first tick of the grid {@code origin + k * period} strictly after {@code now}. */
    static long nextTick(long origin, long period, long now) {
        long elapsed = now - origin;
        long ticks = elapsed < 0 ? 0 : elapsed / period + 1;
        return origin + ticks * period;
    }
}
