package org.openenos.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.edge.buffer.ForwardLog;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.CloudConfig;
import org.openenos.edge.testkit.FakeCloudLink;
import org.openenos.testkit.Await;

class ForwarderTest {
    @TempDir
    Path dir;

    static UploadItem sample(int i) {
        return new UploadItem("pk", "dev" + (i % 4), 1_700_000_000_000L + i, Map.of("v", (long) i));
    }

    /** One edge process: log, forwarder and session over the given cloud. */
    final class Edge implements AutoCloseable {
        final ForwardLog<UploadItem> log = ForwardLog.items(dir, 1 << 24, 1 << 16, true);
        final Forwarder forwarder;
        final CloudSession session;
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

        Edge(FakeCloudLink cloud) {
            forwarder = new Forwarder(cloud, log, 50, 100, new SimpleMeterRegistry());
            CloudConfig config = new CloudConfig(null, null, null, null, 20, 100, null, null, null);
            session = new CloudSession(cloud, List.of(new SubDevice("pk", "dev0", "s")), forwarder, scheduler, config,
                    c -> { }, ready -> { });
            session.start();
        }

        void submit(int from, int to) {
            forwarder.submit(IntStream.range(from, to).mapToObj(ForwarderTest::sample).toList());
        }

        @Override
        public void close() {
            session.close();
            forwarder.close();
            scheduler.shutdownNow();
            log.close();
        }
    }

    @Test
    void aBatchTheCloudRefusesForGoodIsSetAsideAndTheReplayMovesOn() throws Exception {
        FakeCloudLink cloud = new FakeCloudLink();
        try (Edge edge = new Edge(cloud)) {
            Await.atMost(Duration.ofSeconds(10)).until("online", edge.session::isOnline);
            cloud.refusal = new org.openenos.edge.cloud.CloudRefusedException(1206, "measurepoints must be an object");
            edge.submit(0, 10);
            Await.atMost(Duration.ofSeconds(10)).until("set aside", () -> edge.forwarder.deadLetterItems() == 10);
            cloud.refusal = null;
            edge.submit(10, 20);
            Await.atMost(Duration.ofSeconds(10)).until("the next items delivered", () -> cloud.received().size() == 10);
            Await.atMost(Duration.ofSeconds(10)).until("the log drained", () -> edge.log.depth() == 0);
            Path file = dir.resolve(DeadLetters.FILE_NAME);
            assertThat(java.nio.file.Files.readAllLines(file)).hasSize(10)
                    .allSatisfy(line -> assertThat(line).contains("cloud replied 1206", "\"productKey\":\"pk\""));
            assertThat(cloud.received()).extracting(UploadItem::time).doesNotContain(1_700_000_000_000L);
        }
        try (Edge edge = new Edge(cloud)) {
            assertThat(edge.forwarder.deadLetterItems()).as("counted again after a restart").isEqualTo(10);
        }
    }

    @Test
    void aTransientRefusalOfTheCloudIsLoggedWithItsReplyCodeOnceAndTheItemsAreKept() throws Exception {
        FakeCloudLink cloud = new FakeCloudLink();
        cloud.refusal = new org.openenos.edge.cloud.CloudRefusedException(500, "store unavailable");
        var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        lines.start();
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Forwarder.class);
        logger.addAppender(lines);
        try (Edge edge = new Edge(cloud)) {
            Await.atMost(Duration.ofSeconds(10)).until("online", edge.session::isOnline);
            edge.submit(0, 10);
            edge.submit(10, 20);
            Await.atMost(Duration.ofSeconds(10)).until("buffered", () -> edge.log.depth() == 20);
            Thread.sleep(500);      // the replay retries meanwhile
            assertThat(lines.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().contains("cloud replied 500", "store unavailable");
            cloud.refusal = null;
            Await.atMost(Duration.ofSeconds(15)).until("delivered", () -> cloud.received().size() == 20);
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void everySampleArrivesExactlyOnceAcrossAnOutageAndAnEdgeRestartInBetween() throws Exception {
        FakeCloudLink cloud = new FakeCloudLink();
        try (Edge edge = new Edge(cloud)) {
            await(() -> cloud.isConnected());
            edge.submit(0, 1000);
            await(() -> cloud.received().size() == 1000);
            cloud.goOffline();
            edge.submit(1000, 3000);
            await(() -> edge.log.depth() == 2000);
        }
        // The edge restarts while the cloud is still unreachable, and keeps collecting.
        try (Edge edge = new Edge(cloud)) {
            assertThat(edge.log.depth()).isEqualTo(2000);
            DEBUG = () -> "depth " + edge.log.depth() + " bytes " + edge.log.bytes() + " posted " + cloud.posted.size() + " resumed " + cloud.resumed.size();
            edge.submit(3000, 4000);
            await(() -> edge.log.depth() == 3000);
            cloud.goOnline();
            await(() -> cloud.isConnected());
            edge.submit(4000, 5000);
            await(() -> cloud.received().size() == 5000 && edge.log.depth() == 0);
        }
        List<Long> values = cloud.received().stream().map(i -> (Long) i.measurepoints().get("v")).sorted().toList();
        assertThat(values).containsExactlyElementsOf(IntStream.range(0, 5000).mapToObj(i -> (long) i).toList());
        // the 3,000 buffered while offline are replayed; samples taken in the moment the link came back may be
        // buffered and replayed too (whether they go live or by replay depends on when the forwarder sees the link)
        assertThat(cloud.resumed.stream().map(i -> (Long) i.measurepoints().get("v")).toList())
                .containsAll(IntStream.range(1000, 4000).mapToObj(i -> (long) i).toList());
        List<Long> resumedTimes = cloud.resumed.stream().map(UploadItem::time).toList();
        assertThat(resumedTimes).as("replay in time order").isSorted();
        assertThat(cloud.topology).extracting(SubDevice::deviceKey).contains("dev0");
    }

    @Test
    void liveDataFlowsBesideAReplayInProgress() throws Exception {
        FakeCloudLink cloud = new FakeCloudLink();
        cloud.goOffline();
        try (Edge edge = new Edge(cloud)) {
            edge.submit(0, 20_000);
            await(() -> edge.log.depth() == 20_000);
            cloud.goOnline();
            await(() -> cloud.isConnected());
            edge.submit(20_000, 20_010);
            await(() -> cloud.posted.size() == 10);
            assertThat(cloud.posted).extracting(UploadItem::time).allMatch(t -> t >= 1_700_000_020_000L);
            await(() -> edge.log.depth() == 0);
            assertThat(cloud.resumed).hasSize(20_000);
        }
    }

    java.util.function.Supplier<String> DEBUG = () -> "";

    void await(java.util.function.BooleanSupplier condition) {
        boolean met = Await.atMost(Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(10))
                .lastOf(condition::getAsBoolean, holds -> holds);
        if (!met) {
            throw new AssertionError("condition not met within 30 s: " + DEBUG.get());
        }
    }
}
