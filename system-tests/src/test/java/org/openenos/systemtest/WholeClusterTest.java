package org.openenos.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openenos.server.ApiClient;
import org.openenos.telemetry.kafka.KafkaProcessCluster;
import org.openenos.testkit.MqttTestDevice;
import org.openenos.timeseries.cassandra.CassandraTestCluster;
import tools.jackson.databind.JsonNode;

/**
 * The whole cluster under faults, every part a process of its own on loopback addresses: 3 Kafka brokers (the bus,
 * replication 3, min.insync.replicas 2), 3 Cassandra nodes (the time-series store, replication 3, QUORUM), and two
 * server nodes from the packaged jar in cluster mode sharing node A's embedded PostgreSQL. MQTT devices on both nodes
 * post QoS 1 measure points without pause while one broker, one Cassandra node and server node B are SIGKILLed one
 * after another; node B's devices log in again on node A. Node B is then started again, and both nodes must answer
 * the same: every acknowledged point stored exactly once, one alert for a sustained violation, a command through node
 * A reaching a device that moved there. Runs in the Maven profile {@code cluster}.
 */
@Tag("cluster")
class WholeClusterTest {
    private static final int DEVICES = 8;
    /** Pause between two posts of one device: steady load the kills land in, not a benchmark. */
    private static final long PACE_MILLIS = 20;
    private static final Duration PHASE = Duration.ofSeconds(8);
    private static final String EVENTS = "/event-service/v2.1/";
    private static final String COMMANDS = "/connect-service/v2.1/commands";

    private static long started;
    private static KafkaProcessCluster kafka;
    private static CassandraTestCluster cassandra;
    private static ServerNodes nodes;

    @BeforeAll
    static void startTheCluster() throws Exception {
        started = System.nanoTime();
        Path dir = Files.createTempDirectory("openenos-whole-cluster");
        // Kafka and Cassandra start side by side; Cassandra's seed first, then its other nodes (CassandraTestCluster).
        // A Flink session cluster for the stream jobs would start here too, beside them.
        var kafkaStart = CompletableFuture.supplyAsync(() -> KafkaProcessCluster.start(dir.resolve("kafka"), 3));
        var cassandraStart = CompletableFuture.supplyAsync(() -> CassandraTestCluster.start(dir.resolve("cassandra"),
                3, "1G"));
        CompletableFuture.allOf(kafkaStart, cassandraStart).exceptionally(failed -> null).join();
        // whichever did start is stopped by stopTheCluster() when the other failed
        kafka = kafkaStart.isCompletedExceptionally() ? null : kafkaStart.join();
        cassandra = cassandraStart.isCompletedExceptionally() ? null : cassandraStart.join();
        kafkaStart.join();
        cassandraStart.join();
        log("Kafka and Cassandra up; their data and logs, and the server nodes', are in " + dir);
        nodes = ServerNodes.start(dir, List.of(
                "--openenos.bus.type=kafka",
                "--openenos.bus.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--openenos.bus.kafka.partitions=6",
                "--openenos.bus.kafka.replication-factor=3",
                "--openenos.bus.kafka.min-insync-replicas=2",
                "--openenos.timeseries.store=cassandra",
                "--openenos.timeseries.cassandra.contact-points=" + String.join(",", cassandra.contactPoints()),
                "--openenos.timeseries.cassandra.keyspace=whole_cluster",
                "--openenos.timeseries.cassandra.replication-factor=3",
                "--openenos.timeseries.cassandra.read-consistency=QUORUM",
                "--openenos.timeseries.cassandra.write-consistency=QUORUM"));
        log("both server nodes up");
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (cassandra != null) {
            // SIGKILL: a clean stop drains each node for many seconds, and the test's data is thrown away
            for (int n = 0; n < 3; n++) {
                cassandra.node(n).kill();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        log("cluster stopped");
    }

    @Test
    void pointsAcknowledgedWhileABrokerACassandraNodeAndAServerNodeAreKilledAreStoredOnceAndQueriedAlikeOnBothNodes()
            throws Exception {
        Site site = Site.create(nodes.a().base(), "whole-cluster", DEVICES);
        site.alertRule(nodes.a().base(), "${temp} > 50");
        long t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS).toEpochMilli();
        var load = new Load(site, t0);
        for (int d = 0; d < DEVICES; d++) {
            // even devices on node A, odd ones on node B (the one killed); device 1 posts a temperature over the rule's
            // threshold in every post, the others never do
            load.start(d, d % 2 == 0 ? nodes.a() : nodes.b(), d == 1 ? 80.0 : 20.0);
        }
        Thread.sleep(PHASE.toMillis());
        log("killing Kafka broker 2 (pid " + kafka.pid(1) + ") after " + load.acknowledged() + " acknowledged posts");
        kafka.kill(1);
        Thread.sleep(PHASE.toMillis());
        log("killing Cassandra node 3 (pid " + cassandra.node(2).pid() + ") after " + load.acknowledged() + " posts");
        cassandra.node(2).kill();
        Thread.sleep(PHASE.toMillis());
        log("killing server node B (pid " + nodes.b().pid() + ") after " + load.acknowledged() + " posts");
        nodes.b().kill();
        Thread.sleep(PHASE.toMillis());
        load.stop();
        log(load.acknowledged() + " posts acknowledged, " + load.moved().size() + " devices moved to node A");
        assertThat(load.moved()).as("node B's devices logged in again on node A").hasSize(DEVICES / 2);

        // With node B dead, node A's stages take over B's partitions: everything acknowledged gets stored.
        var onA = site.on(nodes.a().base());
        long end = load.lastTime() + 1;
        long waitFrom = System.nanoTime();
        for (int d = 0; d < DEVICES; d++) {
            String asset = site.devices().get(d).assetId();
            List<Long> stored = onA.awaitStored(asset, t0, end, load.acknowledgedTimes(d), Duration.ofSeconds(120));
            assertThat(stored).as("no point of device %d stored twice", d).doesNotHaveDuplicates();
            assertThat(stored).as("every acknowledged point of device %d stored", d)
                    .containsAll(load.acknowledgedTimes(d));
        }
        log("every acknowledged point readable on node A " + (System.nanoTime() - waitFrom) / 1_000_000
                + " ms after the load stopped");
        String hot = site.devices().get(1).assetId();
        assertThat(onA.awaitAlerts(hot, Duration.ofSeconds(30))).as("alerts of the sustained violation on node A")
                .hasSize(1);
        // device 1 was on node B: the command goes through the surviving node to it
        assertCommandThroughNodeAReaches(site, site.devices().get(1), load.connection(1));

        // A crashed node comes back: both nodes must then answer every query alike.
        nodes.restartB();
        log("node B restarted");
        var onB = site.on(nodes.b().base());
        for (int d = 0; d < DEVICES; d++) {
            String asset = site.devices().get(d).assetId();
            assertThat(onB.raw(asset, t0, end)).as("raw values of device %d on node B", d).isEqualTo(onA.raw(asset,
                    t0, end));
        }
        String assets = String.join(",", site.assetIds());
        assertThat(onB.aggregate(assets, t0, end)).as("hourly aggregates").isEqualTo(onA.aggregate(assets, t0, end));
        assertThat(onB.latest(assets)).as("latest values").isEqualTo(onA.latest(assets));

        assertThat(onA.alerts(hot)).as("still one alert, seen on node A").hasSize(1);
        assertThat(onB.alerts(hot)).as("the same alerts seen on node B").isEqualTo(onA.alerts(hot));
        load.close();
        log("done");
    }

    private static void assertCommandThroughNodeAReaches(Site site, Site.Device device, MqttTestDevice mqtt)
            throws Exception {
        ApiClient appOnA = site.on(nodes.a().base()).app();
        var call = CompletableFuture.supplyAsync(() -> appOnA.post(COMMANDS, Map.of("action", "invokeService",
                "orgId", site.orgId(), "assetId", device.assetId(), "serviceId", "reboot", "timeout", 20),
                Map.of("inputData", Map.of("delay", 3))));
        JsonNode command = mqtt.next(device.topic("thing/service/reboot"));
        assertThat(command.path("params").path("delay").asInt()).isEqualTo(3);
        mqtt.publish(device.topic("thing/service/reboot_reply"), "{\"id\":\"" + command.path("id").asString()
                + "\",\"code\":200,\"data\":{\"result\":\"rebooting\"}}");
        ApiClient.Response response = call.get(30, TimeUnit.SECONDS);
        assertThat(response.ok()).as(response.toString()).isTrue();
        assertThat(response.data().path("outputData").path("result").asString()).isEqualTo("rebooting");
    }

    /** Devices posting QoS 1 without pause; a device whose node dies logs in on node A and posts on. */
    private static final class Load implements AutoCloseable {
        private final Site site;
        private final long t0;
        private final Map<Integer, Set<Long>> acknowledged = new ConcurrentHashMap<>();
        private final Map<Integer, MqttTestDevice> connections = new ConcurrentHashMap<>();
        private final Set<Integer> moved = ConcurrentHashMap.newKeySet();
        private final AtomicInteger count = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;
        private volatile long lastTime;

        Load(Site site, long t0) {
            this.site = site;
            this.t0 = t0;
        }

        void start(int index, PackagedServer node, double temp) {
            Site.Device device = site.devices().get(index);
            Set<Long> acked = acknowledged.computeIfAbsent(index, i -> ConcurrentHashMap.newKeySet());
            threads.add(Thread.ofPlatform().name("device-" + index).start(() -> {
                try {
                    MqttTestDevice mqtt = device.connect(node.mqttPort());
                    connections.put(index, mqtt);
                    for (int i = 0; running; i++) {
                        long time = t0 + i * 1_000L;
                        String body = "{\"id\":\"" + i + "\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\","
                                + "\"params\":{\"measurepoints\":{\"power\":" + power(index, i) + ",\"temp\":" + temp
                                + "},\"time\":" + time + "}}";
                        while (true) {
                            try {
                                mqtt.publish(device.topic("thing/measurepoint/post"), body);
                                acked.add(time);
                                count.incrementAndGet();
                                lastTime = Math.max(lastTime, time);
                                break;
                            } catch (org.eclipse.paho.client.mqttv3.MqttException lost) {
                                // no PUBACK: the point may or may not be stored; it is posted again (same time, same
                                // value), through node A if this device's node is gone
                                if (!mqtt.isConnected()) {
                                    closeQuietly(mqtt);
                                    mqtt = reconnectToNodeA(device);
                                    connections.put(index, mqtt);
                                    if (node != nodes.a()) {
                                        moved.add(index);
                                    }
                                }
                            }
                        }
                        Thread.sleep(PACE_MILLIS);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("device " + index + " stopped", e);
                }
            }));
        }

        private static MqttTestDevice reconnectToNodeA(Site.Device device) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    return device.connect(nodes.a().mqttPort());
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("device " + device.deviceKey() + " cannot log in on A", notYet);
                    }
                    Thread.sleep(500);
                }
            }
        }

        static double power(int device, int i) {
            return Math.round(Math.sin(i * 0.1 + device) * 1000) / 10.0;
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(60_000);
            }
        }

        int acknowledged() {
            return count.get();
        }

        Set<Long> acknowledgedTimes(int device) {
            return acknowledged.get(device);
        }

        long lastTime() {
            return lastTime;
        }

        Set<Integer> moved() {
            return moved;
        }

        MqttTestDevice connection(int device) {
            return connections.get(device);
        }

        @Override
        public void close() {
            connections.values().forEach(Load::closeQuietly);
        }

        private static void closeQuietly(MqttTestDevice mqtt) {
            try {
                mqtt.close();
            } catch (Exception ignored) {
                // the connection is gone already
            }
        }
    }

    private static void log(String what) {
        System.out.printf("[whole cluster %5.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
    }
}
