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
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
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
import org.openenos.testkit.FlinkSessionCluster;
import org.openenos.testkit.MqttTestDevice;
import org.openenos.timeseries.cassandra.CassandraTestCluster;
import tools.jackson.databind.JsonNode;

/**
 * The whole cluster under faults, every part a process of its own on loopback addresses: 3 Kafka brokers (the bus,
 * replication 3, min.insync.replicas 2), 3 Cassandra nodes (the time-series store, replication 3, QUORUM), a Flink
 * session cluster (a JobManager and a TaskManager) running the stream jobs, and two server nodes from the packaged
 * jar in cluster mode sharing node A's embedded PostgreSQL. A one-minute window job runs on Flink while MQTT devices
 * on both nodes post QoS 1 measure points without pause; the job is paused through node B and resumed through node
 * A, then the TaskManager, one broker, one Cassandra node and server node B are SIGKILLed one after another; a new
 * TaskManager is started, node B's devices log in again on node A. Node B is then started again, and both nodes must
 * answer the same: every acknowledged point stored exactly once, every closed window the sum of its acknowledged
 * points, one alert for a sustained violation, a command through node A reaching a device that moved there. A server
 * on one machine's defaults, given the same points, must answer the queries alike. Runs in the Maven profile
 * {@code cluster}.
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
    private static FlinkSessionCluster flink;
    private static ServerNodes nodes;
    private static CompletableFuture<EmbeddedReference> reference;
    private static Path dataDir;

    @BeforeAll
    static void startTheCluster() throws Exception {
        started = System.nanoTime();
        Path dir = Files.createTempDirectory("openenos-whole-cluster");
        // Kafka, Cassandra and Flink start side by side; Cassandra's seed first, then its other nodes
        // (CassandraTestCluster).
        dataDir = dir;
        var kafkaStart = CompletableFuture.supplyAsync(() -> KafkaProcessCluster.start(dir.resolve("kafka"), 3));
        var cassandraStart = CompletableFuture.supplyAsync(() -> CassandraTestCluster.start(dir.resolve("cassandra"),
                3, "1G"));
        // Flink's jars of this class path without Kafka's Scala library: a stock Flink has none (its RPC system
        // brings its own)
        List<Path> flinkJars = FlinkSessionCluster.flinkClassPath().stream()
                .filter(jar -> !jar.getFileName().toString().startsWith("scala-")).toList();
        var flinkStart = CompletableFuture.supplyAsync(() -> startFlink(dir, flinkJars));
        CompletableFuture.allOf(kafkaStart, cassandraStart, flinkStart).exceptionally(failed -> null).join();
        // whichever did start is stopped by stopTheCluster() when another failed
        kafka = kafkaStart.isCompletedExceptionally() ? null : kafkaStart.join();
        cassandra = cassandraStart.isCompletedExceptionally() ? null : cassandraStart.join();
        flink = flinkStart.isCompletedExceptionally() ? null : flinkStart.join();
        kafkaStart.join();
        cassandraStart.join();
        flinkStart.join();
        log("Kafka, Cassandra and Flink up; their data and logs, and the server nodes', are in " + dir);
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
                "--openenos.timeseries.cassandra.write-consistency=QUORUM",
                "--openenos.streaming.mode=cluster",
                "--openenos.streaming.cluster.rest-address=" + flink.restAddress(),
                "--openenos.streaming.cluster.job-jar=" + WindowJob.jobJar(),
                "--openenos.streaming.cluster.checkpoint-dir=" + dir.resolve("flink-checkpoints").toUri(),
                "--openenos.streaming.checkpoint-interval=2s"));
        log("both server nodes up");
    }

    /**
     * A Flink session cluster; started again (up to three times) when a process of it exits while starting: Flink's
     * RPC system gives up after a fixed 10 s, which a starved two-core machine can exceed.
     */
    private static FlinkSessionCluster startFlink(Path dir, List<Path> jars) {
        for (int attempt = 1; ; attempt++) {
            try {
                return FlinkSessionCluster.start(dir.resolve("flink-" + attempt), jars, 2, Duration.ofSeconds(180));
            } catch (IllegalStateException exited) {
                if (attempt == 3) {
                    throw exited;
                }
                log("Flink did not start, again: " + exited.getMessage());
            }
        }
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        if (reference != null) {
            reference.thenAccept(EmbeddedReference::close).exceptionally(failed -> null).join();
        }
        if (flink != null) {
            flink.close();
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
    void pointsAcknowledgedWhileOneProcessOfEachKindIsKilledAreStoredOnceSummedInWindowsExactlyAndQueriedAlike()
            throws Exception {
        Site site = Site.create(nodes.a().base(), "whole-cluster", DEVICES);
        site.alertRule(nodes.a().base(), "${temp} > 50");
        long submitted = System.nanoTime();
        WindowJob windows = WindowJob.start(site, nodes.a().base(), Duration.ofSeconds(180));
        log("window job on Flink: submitted with its jar and all tasks running in "
                + (System.nanoTime() - submitted) / 1_000_000 + " ms");
        long t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS).toEpochMilli();
        var load = new Load(site, t0);
        for (int d = 0; d < DEVICES; d++) {
            // even devices on node A, odd ones on node B (the one killed)
            load.start(d, d % 2 == 0 ? nodes.a() : nodes.b());
        }
        Thread.sleep(PHASE.toMillis());
        // any node manages any job: paused (stop-with-savepoint) through one, started again through the other
        long pausing = System.nanoTime();
        windows.pause(nodes.b().base());
        log("window job paused through node B in " + (System.nanoTime() - pausing) / 1_000_000 + " ms, after "
                + load.acknowledged() + " posts");
        long resuming = System.nanoTime();
        windows.resume(nodes.a().base(), Duration.ofSeconds(180));
        log("window job resumed from its savepoint (or, paused while not all its tasks ran, from its last checkpoint)"
                + " through node A, all tasks running in "
                + (System.nanoTime() - resuming) / 1_000_000 + " ms");
        // the TaskManager is killed once the job has a checkpoint to restore
        windows.awaitCompletedCheckpoint(flink, Duration.ofSeconds(120));
        log("killing the TaskManager (pid " + flink.killTaskManager() + ") after " + load.acknowledged()
                + " posts; starting a new one");
        long taskManagerKilled = System.nanoTime();
        flink.startTaskManager();
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
        // the server on embedded defaults starts while the cluster's results are checked and node B restarts: beside
        // the cluster's starts it would compete with nine JVMs for the CPU
        reference = EmbeddedReference.startAsync(Files.createDirectories(dataDir.resolve("reference")));
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

        // A crashed node comes back. It starts while node A's windows are checked (after node A alone took over
        // node B's partitions, checked above): a server's start is tens of seconds on two cores. It starts after the
        // alert and command checks, whose waits are short: in one run the command did not reach the device within
        // 10 s while node B and the embedded reference were both starting.
        long restarting = System.nanoTime();
        CompletableFuture<Void> nodeBBack = CompletableFuture.runAsync(() -> {
            try {
                nodes.restartB();
            } catch (Exception e) {
                throw new IllegalStateException("node B did not start again", e);
            }
        });

        assertWindowsExact(site, load, t0, end);
        log("every closed window exact on node A " + (System.nanoTime() - waitFrom) / 1_000_000
                + " ms after the load stopped, " + (System.nanoTime() - taskManagerKilled) / 1_000_000
                + " ms after the TaskManager was killed");
        assertThat(windows.restoredCheckpoint(flink)).as("the job restarted from a checkpoint, not from scratch")
                .isNotNull();
        var lag = windows.offsetLag(nodes.a().base());
        assertThat(lag.ok()).as(lag.toString()).isTrue();

        // Node B back: both nodes must then answer every query alike. Latest values too: on the shared store they
        // are read from it, not from each node's cache of the partitions it happened to store (ADR 0139), which once
        // left node A an asset short when this restart overlapped its checks.
        nodeBBack.join();
        log("node B restarted, up " + (System.nanoTime() - restarting) / 1_000_000 + " ms after its start began");
        var onB = site.on(nodes.b().base());
        for (int d = 0; d < DEVICES; d++) {
            String asset = site.devices().get(d).assetId();
            assertThat(onB.raw(asset, t0, end)).as("raw values of device %d on node B", d).isEqualTo(onA.raw(asset,
                    t0, end));
            assertThat(WindowJob.storedResults(onB, asset, t0, end)).as("window results of device %d on node B", d)
                    .isEqualTo(WindowJob.storedResults(onA, asset, t0, end));
        }
        String assets = String.join(",", site.assetIds());
        assertThat(onB.aggregate(assets, t0, end)).as("hourly aggregates").isEqualTo(onA.aggregate(assets, t0, end));
        assertThat(onB.latest(assets)).as("latest values").isEqualTo(onA.latest(assets));

        assertThat(onA.alerts(hot)).as("still one alert, seen on node A").hasSize(1);
        assertThat(onB.alerts(hot)).as("the same alerts seen on node B").isEqualTo(onA.alerts(hot));
        load.close();

        assertQueriesEqualTheEmbeddedStores(site, load, t0, end);
        log("done");
    }

    /** Every closed window of every device, on node A, equals the sum of the acknowledged posts in it. */
    private static void assertWindowsExact(Site site, Load load, long t0, long end)
            throws InterruptedException {
        var onA = site.on(nodes.a().base());
        var expected = new TreeMap<Integer, NavigableMap<Long, Double>>();
        for (int d = 0; d < DEVICES; d++) {
            var power = new TreeMap<Long, Double>();
            load.acknowledgedPoints(d).forEach((time, values) -> power.put(time, values[0]));
            expected.put(d, WindowJob.closedWindowSums(power));
            assertThat(expected.get(d)).as("closed windows of device %d", d).isNotEmpty();
        }
        var stored = new TreeMap<Integer, NavigableMap<Long, Double>>();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        do {
            for (int d = 0; d < DEVICES; d++) {
                // the open window of the last post has no result; a late correction could only follow a closed one
                var closed = WindowJob.storedResults(onA, site.devices().get(d).assetId(), t0, end);
                stored.put(d, closed.headMap(expected.get(d).lastKey(), true));
            }
        } while (!stored.equals(expected) && System.nanoTime() < deadline && pause());
        assertThat(stored).as("window sums of the acknowledged posts, by device and window start").isEqualTo(expected);
    }

    /**
     * The same points, posted to a server on one machine's defaults (embedded store), answer the four query shapes
     * of the time-series API exactly as the cluster on Cassandra does: raw values, aggregates on the rollups' minute
     * and hour grids, and latest values.
     */
    private static void assertQueriesEqualTheEmbeddedStores(Site site, Load load, long t0, long end) throws Exception {
        var points = new TreeMap<Integer, NavigableMap<Long, double[]>>();
        for (int d = 0; d < DEVICES; d++) {
            points.put(d, load.acknowledgedPoints(d));
        }
        EmbeddedReference embedded = reference.join();
        long fed = System.nanoTime();
        Site same = embedded.feed(site, points);
        log("the same points stored by the embedded reference in " + (System.nanoTime() - fed) / 1_000_000 + " ms");
        var cluster = site.on(nodes.a().base());
        var local = same.on(embedded.base());
        for (int d = 0; d < DEVICES; d++) {
            assertThat(EmbeddedReference.normalized(cluster.raw(site.devices().get(d).assetId(), t0, end), site))
                    .as("raw values of device %d, cluster and embedded store", d)
                    .isEqualTo(EmbeddedReference.normalized(local.raw(same.devices().get(d).assetId(), t0, end), same));
        }
        String assets = String.join(",", site.assetIds());
        String sameAssets = String.join(",", same.assetIds());
        for (int minutes : new int[] {1, 60}) {
            assertThat(EmbeddedReference.normalized(cluster.aggregate(assets, minutes, t0, end), site))
                    .as("aggregates over %d min, cluster and embedded store", minutes)
                    .isEqualTo(EmbeddedReference.normalized(local.aggregate(sameAssets, minutes, t0, end), same));
        }
        assertThat(EmbeddedReference.normalized(cluster.latest(assets), site)).as("latest values")
                .isEqualTo(EmbeddedReference.normalized(local.latest(sameAssets), same));
    }

    private static boolean pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
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

        void start(int index, PackagedServer node) {
            double temp = temp(index);
            Site.Device device = site.devices().get(index);
            Set<Long> acked = acknowledged.computeIfAbsent(index, i -> ConcurrentHashMap.newKeySet());
            threads.add(Thread.ofPlatform().name("device-" + index).start(() -> {
                try {
                    MqttTestDevice mqtt = device.connect(node.mqttPort());
                    connections.put(index, mqtt);
                    for (int i = 0; running; i++) {
                        long time = t0 + i * 1_000L;
                        String body = "{\"id\":\"" + i + "\",\"version\":\"1.1\","
                                + "\"method\":\"thing.measurepoint.post\",\"params\":{\"measurepoints\":"
                                + "{\"power\":" + power(index, i) + ",\"temp\":" + temp + "},\"time\":" + time + "}}";
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

        /** Whole numbers: a window's sum is then exact whatever the order of the additions. */
        static double power(int device, int i) {
            return Math.round(Math.sin(i * 0.1 + device) * 1000);
        }

        static double temp(int device) {
            // device 1 posts a temperature over the alert rule's threshold in every post, the others never do
            return device == 1 ? 80.0 : 20.0;
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

        /** The acknowledged posts of {@code device}: time to (power, temp). */
        NavigableMap<Long, double[]> acknowledgedPoints(int device) {
            var points = new TreeMap<Long, double[]>();
            for (long time : acknowledged.get(device)) {
                points.put(time, new double[] {power(device, (int) ((time - t0) / 1_000)), temp(device)});
            }
            return points;
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
