package org.openenos.edge.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openenos.edge.buffer.ForwardLog;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.cloud.EdgeEvent;
import org.openenos.edge.cloud.SubDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events raised by local rules. Every event is appended to its own durable log before anything else, so an
 * event raised while the cloud is unreachable survives an edge restart (ADR 0051 format, JSON payload). One drain
 * at a time posts the logged events in order and acknowledges a batch only once the cloud answered every event in
 * it; a failure leaves the batch in the log for the next drain (after the session is ready again). At least once.
 */
final class EventForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventForwarder.class);
    private static final int BATCH = 50;

    private final CloudLink link;
    private final ForwardLog<EdgeEvent> log;
    private final ExecutorService drainer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("edge-events").daemon().factory());
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final Counter delivered;
    private final Counter rejected;
    private volatile boolean ready;

    EventForwarder(CloudLink link, ForwardLog<EdgeEvent> log, MeterRegistry registry) {
        this.link = link;
        this.log = log;
        this.delivered = Counter.builder("edge.events.delivered").register(registry);
        this.rejected = Counter.builder("edge.events.rejected").register(registry);
        Gauge.builder("edge.events.pending", log, ForwardLog::depth).register(registry);
    }

    /** Stores the event durably, then tries to deliver it if the session is up. */
    void raise(EdgeEvent event) {
        log.append(List.of(event));
        drain();
    }

    void setReady(boolean ready) {
        this.ready = ready;
        if (ready) {
            drain();
        }
    }

    long pending() {
        return log.depth();
    }

    /** Queues one drain unless one is already queued; the drain empties the log or stops at the first failure. */
    void drain() {
        if (!ready || drainer.isShutdown() || !drainQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            drainer.execute(() -> {
                drainQueued.set(false);
                drainLog();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            drainQueued.set(false);
        }
    }

    private void drainLog() {
        while (ready && log.depth() > 0) {
            ForwardLog.Batch<EdgeEvent> batch = log.peek(BATCH);
            if (batch.isEmpty()) {
                return;
            }
            for (EdgeEvent event : batch.items()) {
                try {
                    // One at a time, so that the cloud receives them in the order they were raised.
                    post(event).get(60, TimeUnit.SECONDS);
                    delivered.increment();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (!link.isConnected()) {
                        LOG.debug("event delivery failed, kept for the next session: {}", e.toString());
                        return;
                    }
                    // The cloud answered and refused it: retrying would block every later event (poison message).
                    rejected.increment();
                    LOG.warn("cloud refused event {} of {}/{}, dropped: {}", event.eventId(), event.productKey(),
                            event.deviceKey(), e.getMessage());
                }
            }
            log.acknowledge(batch);
        }
    }

    private CompletableFuture<Void> post(EdgeEvent event) {
        return link.postEvent(new SubDevice(event.productKey(), event.deviceKey(), null), event.eventId(),
                event.outputs(), event.time());
    }

    @Override
    public void close() {
        ready = false;
        drainer.shutdownNow();
        try {
            drainer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }
}
