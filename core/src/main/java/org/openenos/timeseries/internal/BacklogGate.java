package org.openenos.timeseries.internal;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.openenos.timeseries.BackPressure;
import org.openenos.timeseries.BackPressureStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds acknowledgements of durable values while the storage stage lags past the {@link BackPressure} bounds, and
 * releases them once it is back under the lower marks (hysteresis, so it does not flap at one value).
 *
 * <p>The lag is looked at when a value becomes durable (at most once per {@link #CHECK_INTERVAL_NANOS}, so a busy
 * log pays nothing per publish) and, while acknowledgements are held, every {@link #HELD_CHECK_MILLIS} by a timer
 * thread: then no publish comes that could look. Without a pause no thread runs for this.
 */
public final class BacklogGate implements AutoCloseable {
    static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long HELD_CHECK_MILLIS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(BacklogGate.class);

    private final BackPressure limits;
    private final LongSupplier backlogRecords;
    private final Supplier<Duration> oldestUnstoredAge;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            r -> Thread.ofPlatform().name("telemetry-back-pressure").daemon().unstarted(r));
    private final Queue<CompletableFuture<Void>> held = new ConcurrentLinkedQueue<>();
    private final AtomicInteger heldCount = new AtomicInteger();
    private final AtomicLong lastCheck = new AtomicLong(System.nanoTime() - CHECK_INTERVAL_NANOS);
    private volatile boolean paused;
    private volatile long pauses;
    private volatile long pausedSince;
    private volatile long pausedNanos;
    private ScheduledFuture<?> heldChecks;

    public BacklogGate(BackPressure limits, LongSupplier backlogRecords, Supplier<Duration> oldestUnstoredAge) {
        this.limits = limits;
        this.backlogRecords = backlogRecords;
        this.oldestUnstoredAge = oldestUnstoredAge;
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Completes when {@code durable} has and the backlog allows acknowledging it; fails when {@code durable} fails. */
    public CompletableFuture<Void> after(CompletableFuture<Void> durable) {
        return durable.thenCompose(done -> admit());
    }

    private CompletableFuture<Void> admit() {
        long now = System.nanoTime();
        long last = lastCheck.get();
        if (now - last >= CHECK_INTERVAL_NANOS && lastCheck.compareAndSet(last, now)) {
            check();
        }
        if (!paused) {
            return CompletableFuture.completedFuture(null);
        }
        var waiting = new CompletableFuture<Void>();
        held.add(waiting);
        heldCount.incrementAndGet();
        if (!paused) {
            release(); // the gate opened between the look and the add
        }
        return waiting;
    }

    /** Looks at the lag and opens or closes the gate. */
    synchronized void check() {
        long records = backlogRecords.getAsLong();
        Duration age = limits.boundsAge() ? oldestUnstoredAge.get() : Duration.ZERO;
        if (!paused && past(records, age)) {
            pausedSince = System.nanoTime();
            pauses++;
            paused = true;
            LOG.debug("storage stage {} records / {} ms behind: holding device acknowledgements", records,
                    age.toMillis());
            if (!timer.isShutdown()) {
                heldChecks = timer.scheduleWithFixedDelay(this::checkQuietly, HELD_CHECK_MILLIS, HELD_CHECK_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        } else if (paused && backUnder(records, age)) {
            open();
            LOG.debug("storage stage {} records / {} ms behind: acknowledging again", records, age.toMillis());
        }
    }

    private boolean past(long records, Duration age) {
        return records > limits.pauseAtRecords() || limits.boundsAge() && age.compareTo(limits.pauseAtAge()) > 0;
    }

    private boolean backUnder(long records, Duration age) {
        return records <= limits.resumeAtRecords()
                && (!limits.boundsAge() || age.compareTo(limits.resumeAtAge()) <= 0);
    }

    private void open() {
        paused = false;
        pausedNanos += System.nanoTime() - pausedSince;
        if (heldChecks != null) {
            heldChecks.cancel(false);
            heldChecks = null;
        }
        release();
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("looking at the storage stage's backlog failed; trying again", e);
        }
    }

    private void release() {
        CompletableFuture<Void> next;
        while ((next = held.poll()) != null) {
            heldCount.decrementAndGet();
            next.complete(null);
        }
    }

    public BackPressureStatus status() {
        boolean active = paused;
        long total = pausedNanos + (active ? System.nanoTime() - pausedSince : 0);
        return new BackPressureStatus(active, pauses, Duration.ofNanos(Math.max(0, total)), heldCount.get());
    }

    /** Lets every held acknowledgement go (values are durable in the log) and stops the timer. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (paused) {
            open();
        }
        release();
    }
}
