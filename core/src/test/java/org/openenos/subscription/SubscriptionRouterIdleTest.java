package org.openenos.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.security.SecretCipher;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.EmbeddedTelemetryBus;
import org.openenos.telemetry.TelemetryBus;
import org.openenos.testkit.InMemorySubscriptionStore;

/**
 * The router over a real telemetry log while no subscription takes values: it reads nothing, its group keeps up with
 * the log's end, and a subscription created meanwhile still gets every value published after it.
 */
class SubscriptionRouterIdleTest {
    static final SubscriptionFilter ASSET_A1 = new SubscriptionFilter(null, Set.of("a1"), null, null, null);

    @TempDir
    Path dir;
    final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
    TelemetryBus bus;
    SubscriptionEngine engine;
    SubscriptionService service;
    SubscriptionRouter router;

    @BeforeEach
    void start() {
        bus = EmbeddedTelemetryBus.open(dir.resolve("bus"), BusConfig.DEFAULTS);
        engine = new SubscriptionEngine(dir.resolve("subs"),
                SubscriptionConfig.DEFAULTS.withPullWait(Duration.ofMillis(100)), SubscriptionScope.OPEN,
                new SimpleMeterRegistry(), Clock.systemUTC());
        service = new SubscriptionService(store, SubscriptionScope.OPEN, engine, new SecretCipher(new byte[32]),
                Clock.systemUTC()).start();
        router = new SubscriptionRouter(bus, engine);
    }

    @AfterEach
    void stop() {
        router.close();
        engine.close();
        bus.close();
    }

    @Test
    void withNoSubscriptionTheRouterReadsNothingAndItsGroupKeepsUpWithTheLog() {
        publish("a1", 0, 20);

        await(() -> router.backlog() == 0, "the router's group reaches the end of the log");

        assertThat(router.routedRecords()).isZero();
        assertThat(router.skippedRecords()).isEqualTo(endOffsetSum());
    }

    @Test
    void anAlertSubscriptionLeavesTheRouterIdle() {
        service.create("o1", "alerts", null, SubscriptionType.ALERT.code(), SubscriptionFilter.ALL);
        publish("a1", 0, 10);

        await(() -> router.backlog() == 0, "the router's group reaches the end of the log");

        assertThat(router.routedRecords()).isZero();
    }

    @Test
    void aSubscriptionCreatedWhileTheRouterIdlesGetsEveryValuePublishedAfterItAndNoneSkippedBefore() {
        publish("a1", 0, 10);
        await(() -> router.backlog() == 0 && router.skippedRecords() == 10, "the early values are skipped");

        var created = service.create("o1", "s1", null, SubscriptionType.REAL_TIME.code(), ASSET_A1);
        publish("a1", 100, 150);

        try (var consumer = engine.join(created.subId(), "g")) {
            assertThat(pullTimes(consumer, 50)).containsExactlyElementsOf(LongStream.range(100, 150).boxed().toList());
        }
    }

    @Test
    void afterTheLastDataSubscriptionIsDeletedTheRouterSkipsAgain() {
        var created = service.create("o1", "s1", null, SubscriptionType.REAL_TIME.code(), ASSET_A1);
        publish("a1", 0, 5);
        await(() -> router.routedRecords() == 5, "the values are routed");

        service.delete("o1", created.subId());
        publish("a1", 5, 25); // a poll running at the delete may still route the first of these
        await(() -> router.backlog() == 0, "the router's group reaches the end of the log");
        long skipped = router.skippedRecords();
        publish("a1", 25, 45);

        await(() -> router.backlog() == 0, "the router's group reaches the end of the log again");
        assertThat(router.skippedRecords() - skipped).isEqualTo(20);
        assertThat(router.routedRecords() + router.skippedRecords()).isEqualTo(45);
    }

    @Test
    void valuesMatchingNoSubscriptionAreCommittedLaterYetARestartedRouterDeliversEachMatchingValueOnce() {
        var created = service.create("o1", "s1", null, SubscriptionType.REAL_TIME.code(), ASSET_A1);
        for (int i = 0; i < 20; i++) {
            publish(i % 2 == 0 ? "a1" : "a2", i, i + 1);
        }
        await(() -> router.routedRecords() == 20, "every value is routed");
        router.close();
        router = new SubscriptionRouter(bus, engine);
        publish("a2", 20, 21);
        await(() -> router.backlog() == 0, "the restarted router catches up");

        try (var consumer = engine.join(created.subId(), "g")) {
            assertThat(pullTimes(consumer, 10)).as("each value of a1 once, whatever was read again")
                    .containsExactly(0L, 2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L);
        }
    }

    private void publish(String asset, long from, long to) {
        var published = new ArrayList<CompletableFuture<Void>>();
        for (long t = from; t < to; t++) {
            published.add(bus.publish(List.of(new MeasurePointValue("o1", "m1", asset, "p", t, (double) t, null))));
        }
        published.forEach(CompletableFuture::join);
    }

    private long endOffsetSum() {
        return bus.endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The value times of the messages pulled, until {@code expected} came and one more pull brought nothing. */
    private static List<Long> pullTimes(SubscriptionConsumer consumer, int expected) {
        var times = new ArrayList<Long>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (times.size() < expected && System.nanoTime() < deadline) {
            consumer.pull().messages().forEach(m -> times.add(timeOf(m.value())));
        }
        consumer.pull().messages().forEach(m -> times.add(timeOf(m.value())));
        return times;
    }

    private static long timeOf(String message) {
        var m = java.util.regex.Pattern.compile("\"time\":(\\d+)").matcher(message);
        assertThat(m.find()).as("a time in %s", message).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
