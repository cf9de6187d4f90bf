package org.openenos.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import org.openenos.model.MeasurePointValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live values of the whole bus for this node's listeners (the portal's live streams), when the bus is shared by
 * several nodes: a node's storage stage reads only the partitions its consumer group gives it, so its own values
 * would miss every asset another node stores. This reads a {@link BusTail} of every partition instead, from the end,
 * only while someone listens: the tail opens with the first listener (its positions fixed before
 * {@link #subscribe} returns, so nothing published after that is missed) and closes {@code idleBeforeClosing} after
 * the last one left, so a page reload does not reopen it. Values are delivered once Kafka acknowledged them, which
 * may be a moment before the store has them.
 */
public final class LiveTailFeed implements TelemetrySubscriptions, AutoCloseable {
    /** Records taken per poll; the listeners only route them into per-browser queues. */
    static final int MAX_RECORDS = 4_000;
    private static final Duration POLL_WAIT = Duration.ofMillis(200);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(LiveTailFeed.class);

    private final TelemetryBus bus;
    private final Duration idleBeforeClosing;
    private final List<TelemetryListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLongArray lag;
    private final Counter records;
    private final Counter listenerFailures;
    private final Object lock = new Object();
    private Thread reader;
    private long idleSince;
    private volatile boolean closed;

    public LiveTailFeed(TelemetryBus bus, Duration idleBeforeClosing, MeterRegistry meters) {
        this.bus = bus;
        this.idleBeforeClosing = idleBeforeClosing;
        this.lag = new AtomicLongArray(bus.partitions());
        this.records = meters.counter("openenos.live.tail.records");
        this.listenerFailures = meters.counter("openenos.live.tail.listener.failures");
        Gauge.builder("openenos.live.tail.readers", this, f -> f.reading() ? 1 : 0)
                .description("1 while this node reads the whole bus for live values").register(meters);
        for (int p = 0; p < bus.partitions(); p++) {
            int partition = p;
            Gauge.builder("openenos.live.tail.lag", lag, l -> l.get(partition))
                    .description("records of the partition published but not yet read for live values")
                    .tags(Tags.of("partition", String.valueOf(p))).register(meters);
        }
    }

    /**
     * Adds a listener; the first one opens the tail on the caller's thread, so values published after this returns
     * reach it.
     */
    @Override
    public AutoCloseable subscribe(TelemetryListener listener) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("live values closed");
            }
            if (reader == null) {
                BusTail tail = bus.tail("live-values"); // a bus that cannot be reached fails this subscription only
                reader = Thread.ofPlatform().name("live-values-tail").daemon().start(() -> read(tail));
            }
            listeners.add(listener);
            idleSince = 0;
        }
        return () -> unsubscribe(listener);
    }

    /** Whether the tail is open (someone listens, or did within the idle time). */
    public boolean reading() {
        synchronized (lock) {
            return reader != null;
        }
    }

    private void unsubscribe(TelemetryListener listener) {
        synchronized (lock) {
            listeners.remove(listener);
            if (listeners.isEmpty() && idleSince == 0) {
                idleSince = System.nanoTime();
            }
        }
    }

    private void read(BusTail first) {
        BusTail tail = first;
        while (tail != null) {
            try (BusTail open = tail) {
                while (!stopReading()) {
                    List<BusRecord> polled = open.poll(POLL_WAIT, MAX_RECORDS);
                    for (BusRecord record : polled) {
                        deliver(record.values());
                    }
                    records.increment(polled.size());
                    open.lag().forEach((p, n) -> lag.set(p, Math.max(0, n)));
                }
                return;
            } catch (RuntimeException e) {
                // a live view may miss values while the bus is away, never stop for good while someone watches
                LOG.warn("live values lost the bus; reading from its end again in {}: {}", RETRY_AFTER, e.toString());
                tail = reopenAfterPause();
            }
        }
    }

    private BusTail reopenAfterPause() {
        while (true) {
            try {
                Thread.sleep(RETRY_AFTER);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (Thread.currentThread().isInterrupted()) {
                synchronized (lock) {
                    reader = null;
                }
                return null;
            }
            if (stopReading()) {
                return null;
            }
            try {
                return bus.tail("live-values");
            } catch (RuntimeException e) {
                LOG.warn("live values cannot read the bus yet: {}", e.toString());
            }
        }
    }

    /** True once nobody has listened for the idle time (or the feed closes); then the next subscriber reopens. */
    private boolean stopReading() {
        synchronized (lock) {
            boolean idle = listeners.isEmpty() && idleSince != 0
                    && System.nanoTime() - idleSince >= idleBeforeClosing.toNanos();
            if (closed || idle) {
                reader = null;
                for (int p = 0; p < lag.length(); p++) {
                    lag.set(p, 0);
                }
                return true;
            }
            return false;
        }
    }

    private void deliver(List<MeasurePointValue> values) {
        for (TelemetryListener listener : listeners) {
            try {
                listener.onValues(values);
            } catch (RuntimeException e) {
                // a live view that fails on a value only misses that value; the stored copy is untouched
                listenerFailures.increment();
                LOG.debug("live-value listener {} failed", listener, e);
            }
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            running = reader;
        }
        if (running != null) {
            try {
                running.join(POLL_WAIT.multipliedBy(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
