package org.openenos.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.testkit.Await;

class LiveTailFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    Path dir;
    private TelemetryBus bus;
    private SimpleMeterRegistry meters;
    private LiveTailFeed feed;

    @BeforeEach
    void open() {
        bus = TelemetryBuses.embedded(dir.resolve("log"), BusConfig.DEFAULTS.withPartitions(3));
        meters = new SimpleMeterRegistry();
        feed = new LiveTailFeed(bus, Duration.ofMillis(300), meters);
    }

    @AfterEach
    void close() {
        feed.close();
        bus.close();
    }

    @Test
    void aListenerGetsEveryValuePublishedAfterItSubscribedFromEveryPartitionAndNoneBefore() throws Exception {
        bus.publish(List.of(value("before", 1))).join();
        var seen = new CopyOnWriteArrayList<MeasurePointValue>();
        try (AutoCloseable handle = feed.subscribe(seen::addAll)) {
            for (int a = 0; a < 9; a++) {
                bus.publish(List.of(value("asset-" + a, 2))).join();
            }
            Await.atMost(WAIT).until("nine values", () -> seen.size() >= 9);
            assertThat(seen).extracting(MeasurePointValue::assetId).hasSize(9).doesNotContain("before");
            Await.atMost(WAIT).until("lag of every partition back to zero",
                    () -> meters.get("openenos.live.tail.lag").gauges().stream().allMatch(g -> g.value() == 0));
            assertThat(meters.get("openenos.live.tail.lag").gauges()).hasSize(3);
        }
    }

    @Test
    void theBusIsReadOnlyWhileSomeoneListensAndUntilTheIdleTimeAfterTheLastOneLeft() throws Exception {
        assertThat(feed.reading()).as("nobody listens yet").isFalse();
        var seen = new CopyOnWriteArrayList<MeasurePointValue>();
        AutoCloseable first = feed.subscribe(seen::addAll);
        AutoCloseable second = feed.subscribe(values -> { });
        assertThat(feed.reading()).isTrue();
        first.close();
        second.close();
        assertThat(feed.reading()).as("kept open a moment for a page reload").isTrue();
        Await.atMost(WAIT).until("closed once idle", () -> !feed.reading());
        assertThat(meters.get("openenos.live.tail.readers").gauge().value()).isZero();

        try (AutoCloseable again = feed.subscribe(seen::addAll)) {
            bus.publish(List.of(value("later", 3))).join();
            Await.atMost(WAIT).until("the reopened reader delivers", () -> seen.stream()
                    .anyMatch(v -> v.assetId().equals("later")));
        }
    }

    @Test
    void aListenerThatFailsDoesNotKeepTheOthersFromTheirValues() throws Exception {
        var seen = new CopyOnWriteArrayList<MeasurePointValue>();
        try (AutoCloseable broken = feed.subscribe(values -> {
                throw new IllegalStateException("broken view");
            }); AutoCloseable working = feed.subscribe(seen::addAll)) {
            bus.publish(List.of(value("a", 1))).join();
            bus.publish(List.of(value("b", 2))).join();
            Await.atMost(WAIT).until("both values", () -> seen.size() == 2);
            assertThat(meters.counter("openenos.live.tail.listener.failures").count()).isEqualTo(2);
        }
    }

    private static MeasurePointValue value(String asset, long time) {
        return new MeasurePointValue("org", "model", asset, "temp", time, (double) time, null);
    }
}
