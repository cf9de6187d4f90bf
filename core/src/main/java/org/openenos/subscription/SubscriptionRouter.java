package org.openenos.subscription;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>A node where no subscription takes values does not read the bus at all: about once a second the group skips to
 * the bus's durable end, read <em>before</em> checking that nothing subscribes, so every record it skips was published
 * while no subscription existed, and a subscription created afterwards gets every record from then on. Where the bus
 * cannot skip (Kafka's consumer must keep polling), the router reads as before. When records were routed but none
 * matched a subscription, nothing needs to be made durable and the offsets are committed at most once a second: a
 * crash reads those records again and they match nothing again.
 */
public final class SubscriptionRouter implements AutoCloseable {
    public static final String GROUP = "subscriptions";
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRouter.class);
    private static final int MAX_RECORDS = 2_000;
    private static final long IDLE_COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_CHECK_MILLIS = 50;

    private final TelemetryBus bus;
    private BusConsumer consumer;
    private final SubscriptionEngine engine;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long routedRecords;
    private volatile long skippedRecords;
    /** The next offset to route per partition: routed or skipped, committed or not yet. */
    private volatile Map<Integer, Long> routed;
    /** Routed offsets whose commit was put off because they delivered nothing. */
    private final Map<Integer, Long> uncommitted = new HashMap<>();
    private long lastCommit = System.nanoTime();
    private boolean canSkip = true;

    public SubscriptionRouter(TelemetryBus bus, SubscriptionEngine engine) {
        this.bus = bus;
        this.consumer = bus.consumer(GROUP);
        this.routed = consumer.committed();
        this.engine = engine;
        this.thread = Thread.ofPlatform().name("subscription-router").daemon().start(this::run);
    }

    public long routedRecords() {
        return routedRecords;
    }

    /** Records passed over unread while no subscription took values. */
    public long skippedRecords() {
        return skippedRecords;
    }

    /** Bus records acknowledged to devices but not yet routed into the subscriptions' logs (nor skipped). */
    public long backlog() {
        Map<Integer, Long> done = routed;
        return bus.endOffsets().entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - done.getOrDefault(e.getKey(), 0L))).sum();
    }

    private void run() {
        while (running) {
            try {
                if (!engine.takesValues() && skipWhileIdle()) {
                    continue;
                }
                var records = consumer.poll(Duration.ofMillis(200), MAX_RECORDS);
                if (records.isEmpty()) {
                    commitPutOff(false);
                    continue;
                }
                Map<Integer, Long> next = new HashMap<>();
                boolean delivered = false;
                for (BusRecord record : records) {
                    delivered |= engine.deliverValues(record.values(), record.mayRepeat());
                    next.merge(record.partition(), record.offset() + 1, Math::max);
                }
                next.forEach((p, o) -> uncommitted.merge(p, o, Math::max));
                if (delivered) {
                    engine.flush();
                }
                commitPutOff(delivered);
                routedRecords += records.size();
                routed = merged(routed, next);
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                // Nothing was committed: a new consumer reads the same records again after the pause.
                LOG.warn("routing to subscriptions failed; retrying", e);
                uncommitted.clear();
                sleep();
                consumer.close();
                consumer = bus.consumer(GROUP);
                routed = consumer.committed();
            }
        }
    }

    /**
     * No subscription takes values: skips to the bus's end about once a second instead of reading. Returns false when
     * a subscription came meanwhile or the bus cannot skip (then the records are read).
     */
    private boolean skipWhileIdle() {
        if (!canSkip) {
            return false;
        }
        commitPutOff(false);
        if (System.nanoTime() - lastCommit >= IDLE_COMMIT_NANOS) {
            Map<Integer, Long> ends = bus.endOffsets();
            if (engine.takesValues()) {
                return false; // a subscription came after the end was read: it gets those records
            }
            Map<Integer, Long> before = routed;
            if (!consumer.skipTo(ends)) {
                canSkip = false;
                return false;
            }
            lastCommit = System.nanoTime();
            Map<Integer, Long> after = consumer.committed();
            skippedRecords += after.entrySet().stream()
                    .mapToLong(e -> Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L))).sum();
            routed = after;
        }
        pause(IDLE_CHECK_MILLIS);
        return true;
    }

    /** Commits what was routed: at once when it delivered something, else at most once a second. */
    private void commitPutOff(boolean delivered) {
        if (uncommitted.isEmpty()) {
            return;
        }
        if (delivered || System.nanoTime() - lastCommit >= IDLE_COMMIT_NANOS) {
            consumer.commit(Map.copyOf(uncommitted));
            uncommitted.clear();
            lastCommit = System.nanoTime();
        }
    }

    private static Map<Integer, Long> merged(Map<Integer, Long> base, Map<Integer, Long> next) {
        var merged = new HashMap<>(base);
        next.forEach((p, o) -> merged.merge(p, o, Math::max));
        return merged;
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
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
