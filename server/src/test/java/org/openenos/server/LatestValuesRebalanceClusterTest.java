package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openenos.telemetry.kafka.KafkaTestCluster;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.openenos.timeseries.cassandra.CassandraTestCluster;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Latest values on two server nodes that share the bus (one Kafka broker, two partitions) and the store (one
 * Cassandra node), while the bus partitions move between them: both nodes up, node B leaving, node B joining again
 * while node A answers latest queries without pause. Each node's storage stage stores only the partitions its group
 * gives it, yet both nodes must answer every asset's newest stored value alike, never without an asset that has
 * one and never with an older value than before; a deleted latest value is gone on both. Runs in the Maven profile
 * {@code cluster}: {@code ./mvnw -pl server -am verify -Pcluster -Dtest=LatestValuesRebalanceClusterTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("cluster")
class LatestValuesRebalanceClusterTest {
    private static final int PARTITIONS = 2;
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration ANSWER = Duration.ofSeconds(20);

    private static KafkaTestCluster kafka;
    private static CassandraTestCluster cassandra;
    private static TwoServerNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("openenos-latest-rebalance");
        kafka = KafkaTestCluster.start(Files.createDirectories(dir.resolve("kafka")), 1);
        cassandra = CassandraTestCluster.start(Files.createDirectories(dir.resolve("cassandra")), 1, "1G");
        var settings = new HashMap<>(TwoServerNodes.onOneKafkaBroker(kafka.bootstrapServers(), PARTITIONS));
        settings.putAll(Map.of("openenos.timeseries.store", "cassandra",
                "openenos.timeseries.cassandra.contact-points", String.join(",", cassandra.contactPoints()),
                "openenos.timeseries.cassandra.keyspace", "latest_rebalance",
                "openenos.timeseries.cassandra.replication-factor", "1"));
        nodes = TwoServerNodes.start("latest-node", settings);
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
        if (cassandra != null) {
            cassandra.node(0).kill(); // its data is thrown away: no drain
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void bothNodesAnswerEveryAssetsNewestValueWhilePartitionsMoveBetweenThem() throws Exception {
        ConfigurableApplicationContext a = nodes.nodeA();
        awaitOnePartitionEach();
        var site = ClusterSite.onEveryPartition(a, UUID.randomUUID().toString().substring(0, 8), PARTITIONS);
        long t0 = System.currentTimeMillis() / 1000 * 1000 - 60_000;
        var soft = new SoftAssertions();

        // Both nodes up: each stores one partition, so each stores one of the two assets.
        post(a, site, t0, 1);
        soft.assertThat(answerOf(a, site, t0, 1)).as("node A, each node storing one partition")
                .isEqualTo(expected(site, t0, 1));
        soft.assertThat(answerOf(nodes.nodeB(), site, t0, 1)).as("node B, each node storing one partition")
                .isEqualTo(expected(site, t0, 1));

        // Node B leaves: node A takes its partition over.
        nodes.stopB();
        Await.atMost(SETTLE).until("node A stores both partitions", () -> storedBy("latest-node-a").size() == 2);
        post(a, site, t0 + 1_000, 2);
        soft.assertThat(answerOf(a, site, t0 + 1_000, 2)).as("node A alone").isEqualTo(expected(site, t0 + 1_000, 2));

        // Node B joins again while node A answers latest queries without pause; then values arrive through B.
        try (var watch = new Watch(a, site)) {
            nodes.startB();
            awaitOnePartitionEach();
            post(nodes.nodeB(), site, t0 + 2_000, 3);
            var newest = expected(site, t0 + 2_000, 3);
            soft.assertThat(answerOf(a, site, t0 + 2_000, 3)).as("node A, node B back").isEqualTo(newest);
            soft.assertThat(answerOf(nodes.nodeB(), site, t0 + 2_000, 3)).as("node B, back").isEqualTo(newest);
            watch.stop();
            System.out.printf("node A answered latest values %d times while node B joined: %s%n", watch.answers(),
                    watch.latencies());
            soft.assertThat(watch.answers()).as("node A's answers while node B joined").isGreaterThan(0);
            soft.assertThat(watch.problems).as("node A's answers while node B joined: none without an asset, "
                    + "none older than the one before").isEmpty();
        }

        // A latest value deleted through one node is gone on both; a newer value is then the latest on both.
        String deleted = site.assetIds().getFirst();
        var delete = site.app(a).post("/tsdb-service/v2.1/latest", Map.of("orgId", site.orgId(), "action", "delete"),
                Map.of("assetIds", deleted, "pointIds", "temp"));
        assertThat(delete.ok()).as(delete.toString()).isTrue();
        var afterDelete = expected(site, t0 + 2_000, 3);
        afterDelete.remove(deleted);
        soft.assertThat(latest(a, site)).as("node A after the delete").isEqualTo(afterDelete);
        soft.assertThat(latest(nodes.nodeB(), site)).as("node B after a delete through node A")
                .isEqualTo(afterDelete);
        post(a, site, t0 + 3_000, 4);
        soft.assertThat(answerOf(nodes.nodeB(), site, t0 + 3_000, 4)).as("node B, a value newer than the deleted")
                .isEqualTo(expected(site, t0 + 3_000, 4));
        printQueryTimes(a, site, t0 + 3_000);
        soft.assertAll();
    }

    /**
     * What a latest query of the site's series costs on node A next to a raw query of one of them over the same
     * HTTP API (both read Cassandra): median of 30 after 5 to warm up.
     */
    private static void printQueryTimes(ConfigurableApplicationContext a, ClusterSite site, long time) {
        var latest = new ArrayList<Long>();
        var raw = new ArrayList<Long>();
        for (int i = 0; i < 35; i++) {
            long asked = System.nanoTime();
            latest(a, site);
            long between = System.nanoTime();
            storedAt(site, site.assetIds().getFirst(), time);
            if (i >= 5) {
                latest.add(between - asked);
                raw.add(System.nanoTime() - between);
            }
        }
        latest.sort(null);
        raw.sort(null);
        System.out.printf("node A, median of 30: latest of %d series %.1f ms, raw of one series %.1f ms%n",
                site.assetIds().size(), latest.get(15) / 1e6, raw.get(15) / 1e6);
    }

    private static void awaitOnePartitionEach() {
        Await.atMost(SETTLE).until("each node stores one partition",
                () -> storedBy("latest-node-a").size() == 1 && storedBy("latest-node-b").size() == 1);
    }

    private static Set<Integer> storedBy(String nodeId) throws Exception {
        return ClusterSite.storedBy(kafka.bootstrapServers(), nodeId);
    }

    /** Posts one temperature per device through {@code node} at {@code time}: {@code round} plus the device index. */
    private static void post(ConfigurableApplicationContext node, ClusterSite site, long time, int round)
            throws Exception {
        for (int i = 0; i < site.devices().size(); i++) {
            ClusterSite.Device d = site.devices().get(i);
            try (var device = MqttTestDevice.connect(TwoServerNodes.mqttPort(node), d.productKey(), d.deviceKey(),
                    d.secret())) {
                var reply = device.request("thing/measurepoint/post", "thing.measurepoint.post",
                        Map.of("measurepoints", Map.of("temp", value(round, i)), "time", time), "r" + round);
                assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
            }
        }
    }

    private static double value(int round, int device) {
        return round * 10 + device;
    }

    /** Asset → "time=value" of the round: what every node must answer once the round's values are stored. */
    private static Map<String, String> expected(ClusterSite site, long time, int round) {
        var expected = new TreeMap<String, String>();
        for (int i = 0; i < site.devices().size(); i++) {
            expected.put(site.devices().get(i).assetId(), time + "=" + value(round, i));
        }
        return expected;
    }

    /**
     * {@code node}'s latest answer once every value of the round is stored (read back as raw values through node
     * A), waiting a little for it to reach the expected one.
     */
    private static Map<String, String> answerOf(ConfigurableApplicationContext node, ClusterSite site, long time,
                                                int round) {
        for (var d : site.devices()) {
            Await.atMost(SETTLE).until(d.assetId() + " stored at " + time,
                    () -> storedAt(site, d.assetId(), time));
        }
        var expected = expected(site, time, round);
        long deadline = System.nanoTime() + ANSWER.toNanos();
        Map<String, String> answer = latest(node, site);
        while (!answer.equals(expected) && System.nanoTime() < deadline) {
            pause(200);
            answer = latest(node, site);
        }
        return answer;
    }

    private static boolean storedAt(ClusterSite site, String assetId, long time) {
        var raw = site.app(nodes.nodeA()).post("/tsdb-service/v2.1/raw", Map.of("orgId", site.orgId()),
                Map.of("assetIds", assetId, "pointIds", "temp", "startTime",
                        Instant.ofEpochMilli(time).toString(), "endTime", Instant.ofEpochMilli(time).toString(),
                        "itemFormat", 0));
        assertThat(raw.ok()).as(raw.toString()).isTrue();
        return !raw.data().path("items").isEmpty();
    }

    /** The latest temperature of every asset of the site as {@code node} answers it: asset → "time=value". */
    private static Map<String, String> latest(ConfigurableApplicationContext node, ClusterSite site) {
        var response = site.app(node).post("/tsdb-service/v2.1/latest", Map.of("orgId", site.orgId()),
                Map.of("assetIds", String.join(",", site.assetIds()), "pointIds", "temp"));
        assertThat(response.ok()).as(response.toString()).isTrue();
        var answer = new TreeMap<String, String>();
        for (JsonNode item : response.data().path("items")) {
            answer.put(item.path("assetId").asString(), item.path("timestamp").asLong() + "="
                    + item.path("value").asDouble());
        }
        return answer;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks {@code node} for the latest values every 50 ms and notes each answer that lacks an asset it had answered
     * before or holds an older time for one than the answer before.
     */
    private static final class Watch implements AutoCloseable {
        private final List<String> problems = new CopyOnWriteArrayList<>();
        private final List<Long> micros = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        Watch(ConfigurableApplicationContext node, ClusterSite site) {
            thread = Thread.ofPlatform().name("latest-watch").start(() -> {
                Map<String, Long> before = new HashMap<>();
                while (running) {
                    Map<String, Long> now = new HashMap<>();
                    try {
                        long asked = System.nanoTime();
                        latest(node, site).forEach((asset, v) -> now.put(asset, Long.parseLong(v.split("=")[0])));
                        micros.add((System.nanoTime() - asked) / 1_000);
                    } catch (RuntimeException | AssertionError e) {
                        problems.add("no answer: " + e.getMessage());
                        pause(50);
                        continue;
                    }
                    for (var e : before.entrySet()) {
                        Long time = now.get(e.getKey());
                        if (time == null || time < e.getValue()) {
                            problems.add(e.getKey() + " at " + time + " after " + e.getValue());
                        }
                    }
                    before = now;
                    pause(50);
                }
            });
        }

        int answers() {
            return micros.size();
        }

        /** Median, p90 and max of the answers' round trips (HTTP included). */
        String latencies() {
            var sorted = micros.stream().sorted().toList();
            if (sorted.isEmpty()) {
                return "none";
            }
            return String.format("median %.1f ms, p90 %.1f ms, max %.1f ms", sorted.get(sorted.size() / 2) / 1e3,
                    sorted.get(sorted.size() * 9 / 10) / 1e3, sorted.getLast() / 1e3);
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
