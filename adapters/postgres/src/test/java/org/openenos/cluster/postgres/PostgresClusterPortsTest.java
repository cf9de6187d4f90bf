package org.openenos.cluster.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openenos.cluster.ClusterMessage;
import org.openenos.registry.postgres.MetadataDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The cluster's ports on a real PostgreSQL, two nodes played by two sets of adapters on one database. */
class PostgresClusterPortsTest {
    private static MetadataDatabase db;
    private static JdbcClient jdbc;

    @BeforeAll
    static void start() throws Exception {
        db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null,
                Files.createTempDirectory("openenos-pg-cluster").resolve("postgres"), 0, 6));
        jdbc = JdbcClient.create(db.dataSource());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void broadcastsReachTheOtherNodesAndMessagesToOneNodeOnlyThatNodeEvenAboveTheNotifyLimit() throws Exception {
        BlockingQueue<ClusterMessage> toA = new LinkedBlockingQueue<>();
        BlockingQueue<ClusterMessage> toB = new LinkedBlockingQueue<>();
        try (var a = new PostgresClusterMessaging(db.dataSource());
             var b = new PostgresClusterMessaging(db.dataSource())) {
            a.listen("node-a", toA::add);
            b.listen("node-b", toB::add);
            assertThat(a.connected()).isTrue();

            a.broadcast(new ClusterMessage("hello", "node-a", Map.of("n", 1)));
            assertThat(toB.poll(5, TimeUnit.SECONDS)).isEqualTo(new ClusterMessage("hello", "node-a", Map.of("n", 1)));
            // a broadcast reaches its sender too; the cluster drops its own messages
            assertThat(toA.poll(5, TimeUnit.SECONDS)).extracting(ClusterMessage::kind).isEqualTo("hello");

            String big = "x".repeat(20_000);
            b.send("node-a", new ClusterMessage("big", "node-b", Map.of("payload", big)));
            ClusterMessage received = toA.poll(5, TimeUnit.SECONDS);
            assertThat(received).isNotNull();
            assertThat(received.text("payload")).isEqualTo(big);
            assertThat(toB.poll(300, TimeUnit.MILLISECONDS)).as("the message to A did not reach B").isNull();
        }
    }

    @Test
    void aMessageCrossesToAnotherNodeInMilliseconds() throws Exception {
        BlockingQueue<ClusterMessage> toA = new LinkedBlockingQueue<>();
        int rounds = 200;
        long[] roundTrips = new long[rounds];
        try (var a = new PostgresClusterMessaging(db.dataSource());
             var b = new PostgresClusterMessaging(db.dataSource())) {
            a.listen("ping-a", toA::add);
            b.listen("ping-b", m -> b.send("ping-a", new ClusterMessage("pong", "ping-b", m.body())));
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                a.send("ping-b", new ClusterMessage("ping", "ping-a", Map.of("i", i)));
                ClusterMessage pong = toA.poll(5, TimeUnit.SECONDS);
                roundTrips[i] = System.nanoTime() - t0;
                assertThat(pong).isNotNull();
                assertThat(((Number) pong.body().get("i")).intValue()).isEqualTo(i);
            }
        }
        java.util.Arrays.sort(roundTrips);
        System.out.printf("NOTIFY round trip between two listeners, ms: median %.2f, p99 %.2f%n",
                roundTrips[rounds / 2] / 1e6, roundTrips[rounds * 99 / 100] / 1e6);
        assertThat(roundTrips[rounds / 2]).as("median round trip, ns").isLessThan(500_000_000L);
    }

    @Test
    void theNewerLoginOwnsADeviceAndADeadNodesDevicesStopRoutingAndAreHandedBackForCleanUp() {
        var nodes = new PostgresNodeRegistry(jdbc);
        var directory = new PostgresConnectionDirectory(jdbc);
        Instant now = Instant.now();
        nodes.heartbeat("dir-a", "host-a", now, now);
        nodes.heartbeat("dir-b", "host-b", now, now.minusSeconds(60));
        Instant aliveSince = now.minusSeconds(10);

        directory.claim("pk/d1", "asset-1", "dir-a", now);
        directory.claim("pk/d1", "asset-1", "dir-b", now.minusSeconds(1));
        assertThat(directory.nodeOf("pk/d1", aliveSince)).as("an older login does not win").contains("dir-a");

        directory.claim("pk/d2", "asset-2", "dir-b", now);
        assertThat(directory.nodeOf("pk/d2", aliveSince)).as("dir-b has not heart-beat for a minute").isEmpty();
        assertThat(nodes.alive(aliveSince)).extracting(n -> n.nodeId()).contains("dir-a").doesNotContain("dir-b");
        assertThat(directory.removeEntriesOfDeadNodes(aliveSince)).containsExactly("asset-2");

        directory.release("pk/d1", "dir-b");
        assertThat(directory.nodeOf("pk/d1", aliveSince)).as("only the owner releases").contains("dir-a");
        directory.release("pk/d1", "dir-a");
        assertThat(directory.nodeOf("pk/d1", aliveSince)).isEmpty();
    }

    @Test
    void aJobRunsOnOneNodeAtATime() throws Exception {
        var a = new ShedLockClusterJobs(db.dataSource(), "jobs-a", Clock.systemUTC());
        var b = new ShedLockClusterJobs(db.dataSource(), "jobs-b", Clock.systemUTC());
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> a.runOnce("job", Duration.ofMinutes(1), Duration.ZERO, () -> {
            running.countDown();
            await(finish);
        }));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(b.runOnce("job", Duration.ofMinutes(1), Duration.ZERO, () -> { })).as("A holds the lock")
                .isFalse();
        finish.countDown();
        first.join();
        assertThat(b.runOnce("job", Duration.ofMinutes(1), Duration.ofMillis(500), () -> { })).isTrue();
        assertThat(a.runOnce("job", Duration.ofMinutes(1), Duration.ZERO, () -> { }))
                .as("B's run holds the lock for at least 500 ms").isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
