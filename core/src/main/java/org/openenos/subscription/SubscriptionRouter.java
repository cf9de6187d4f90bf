package org.openenos.subscription;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.openenos.telemetry.BusConsumer;
import org.openenos.telemetry.BusRecord;
import org.openenos.telemetry.TelemetryBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the subscriptions from the telemetry bus as a consumer group of its own: poll, route every record through
 * the filter index into the subscriptions' logs, fsync them, and only then commit the bus offsets. A crash in between
 * routes the records again (duplicates, never a loss). Values published as resumed (a device's offline cache) go to
 * offline-data subscriptions, the others to real-time ones.
 */
public final class SubscriptionRouter implements AutoCloseable {
    public static final String GROUP = "subscriptions";
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRouter.class);
    private static final int MAX_RECORDS = 2_000;

    private final TelemetryBus bus;
    private BusConsumer consumer;
    private final SubscriptionEngine engine;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long routedRecords;
    private volatile Map<Integer, Long> committed;

    public SubscriptionRouter(TelemetryBus bus, SubscriptionEngine engine) {
        this.bus = bus;
        this.consumer = bus.consumer(GROUP);
        this.committed = consumer.committed();
        this.engine = engine;
        this.thread = Thread.ofPlatform().name("subscription-router").daemon().start(this::run);
    }

    public long routedRecords() {
        return routedRecords;
    }

    /** Bus records acknowledged to devices but not yet routed into the subscriptions' logs. */
    public long backlog() {
        Map<Integer, Long> done = committed;
        return bus.endOffsets().entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - done.getOrDefault(e.getKey(), 0L))).sum();
    }

    private void run() {
        while (running) {
            try {
                var records = consumer.poll(Duration.ofMillis(200), MAX_RECORDS);
                if (records.isEmpty()) {
                    continue;
                }
                Map<Integer, Long> next = new HashMap<>();
                for (BusRecord record : records) {
                    engine.deliverValues(record.values(), record.mayRepeat());
                    next.merge(record.partition(), record.offset() + 1, Math::max);
                }
                engine.flush();
                consumer.commit(next);
                committed = consumer.committed();
                routedRecords += records.size();
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                // Nothing was committed: a new consumer reads the same records again after the pause.
                LOG.warn("routing to subscriptions failed; retrying", e);
                sleep();
                consumer.close();
                consumer = bus.consumer(GROUP);
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
