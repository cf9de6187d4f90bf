package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.telemetry.kafka.KafkaTelemetryBus;
import org.openenos.telemetry.kafka.KafkaTestCluster;
import org.openenos.testkit.MqttTestDevice;
import org.openenos.timeseries.TimeSeriesModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server on a Kafka bus: three KRaft brokers on 127.0.0.1/2/3 started by the test (replication 3,
 * min.insync.replicas 2), devices posting over MQTT, one broker stopped mid-load. Every point a device got an
 * acknowledgement for is stored exactly once. Runs in the {@code cluster} Maven profile (about two minutes).
 */
@Tag("cluster")
// closed after the class: a cached context would keep its Kafka consumers retrying the stopped brokers
@org.springframework.test.annotation.DirtiesContext
@org.springframework.boot.test.context.SpringBootTest(
        webEnvironment = org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaBusClusterTest extends ServerTestSupport {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBusClusterTest.class);
    private static final int DEVICES = 12;
    private static final int POSTS_PER_DEVICE = 150;
    private static final KafkaTestCluster KAFKA;
    /** A data directory of its own: the servers of other test classes may still hold the shared one open. */
    private static final java.nio.file.Path NODE_DATA_DIR;

    static {
        try {
            NODE_DATA_DIR = Files.createTempDirectory("openenos-kafka-node");
            KAFKA = KafkaTestCluster.start(Files.createTempDirectory("openenos-kafka"), 3);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A second server in the test JVM beside the shared one ({@link ServerTestBase}): a data directory of its own. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestBase.serverProperties(registry, NODE_DATA_DIR);
        registry.add("openenos.bus.type", () -> "kafka");
        registry.add("openenos.bus.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("openenos.bus.kafka.partitions", () -> "6");
        registry.add("openenos.bus.kafka.replication-factor", () -> "3");
        registry.add("openenos.bus.kafka.min-insync-replicas", () -> "2");
        registry.add("openenos.bus.kafka.client-id", () -> "cluster-test-node");
    }

    @AfterAll
    static void stopKafka() {
        KAFKA.close();
    }

    @Autowired
    MqttGateway gateway;
    @Autowired
    TimeSeriesModule timeSeries;

    @Test
    void everyPointAcknowledgedWhileABrokerStopsIsStoredExactlyOnce() throws Exception {
        assertThat(timeSeries.bus()).isInstanceOf(KafkaTelemetryBus.class);
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("kafka_inv"));
        String pk = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", "kafka_inv")).data().asString();
        var assets = new ArrayList<String>();
        var secrets = new ArrayList<String>();
        for (int d = 0; d < DEVICES; d++) {
            var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                    Map.of("productKey", pk, "deviceKey", "k-" + d, "deviceName", Map.of("defaultValue", "d" + d)));
            assets.add(dev.data().path("assetId").asString());
            secrets.add(dev.data().path("deviceSecret").asString());
        }
        long t0 = Instant.now().minusSeconds(3_600).toEpochMilli();
        Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
        var posted = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(DEVICES);
        var runs = new ArrayList<Future<?>>();
        for (int d = 0; d < DEVICES; d++) {
            int device = d;
            runs.add(pool.submit(() -> {
                Set<Long> acked = acknowledged.computeIfAbsent(assets.get(device), a -> ConcurrentHashMap.newKeySet());
                try (MqttTestDevice mqtt = MqttTestDevice.connect(gateway.port(), pk, "k-" + device,
                        secrets.get(device))) {
                    for (int i = 0; i < POSTS_PER_DEVICE; i++) {
                        long time = t0 + i * 1_000L;
                        try {
                            var reply = mqtt.request("thing/measurepoint/post", "thing.measurepoint.post",
                                    Map.of("measurepoints", Map.of("power", (double) i), "time", time),
                                    String.valueOf(i));
                            if (reply.path("code").asInt() == 200) {
                                acked.add(time);
                            }
                        } catch (AssertionError noReply) {
                            // not acknowledged in time: it may or may not be stored, it must not be stored twice
                        }
                        posted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        while (posted.get() < DEVICES * POSTS_PER_DEVICE / 3) {
            Thread.sleep(10);
        }
        LOG.info("stopping broker 2 after {} posts", posted.get());
        KAFKA.stop(1);
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        int acks = acknowledged.values().stream().mapToInt(Set::size).sum();
        LOG.info("{} of {} posts acknowledged in {} s ({} posts/s) with one of three brokers stopped", acks,
                DEVICES * POSTS_PER_DEVICE, "%.1f".formatted(seconds), "%.0f".formatted(acks / seconds));
        assertThat(acks).isGreaterThan(DEVICES * POSTS_PER_DEVICE * 9 / 10);

        assertThat(timeSeries.awaitStored(Duration.ofSeconds(60))).isTrue();
        for (String asset : assets) {
            List<Long> stored = storedTimes(t, asset, t0);
            Set<Long> distinct = new HashSet<>(stored);
            assertThat(stored).as("duplicates of asset %s", asset).hasSameSizeAs(distinct);
            assertThat(distinct).as("acknowledged points of asset %s", asset).containsAll(acknowledged.get(asset));
        }
    }

    private List<Long> storedTimes(Tenant t, String asset, long t0) {
        var raw = t.app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()),
                Map.of("assetIds", asset, "pointIds", "power",
                        "startTime", Instant.ofEpochMilli(t0 - 1_000).toString(),
                        "endTime", Instant.ofEpochMilli(t0 + POSTS_PER_DEVICE * 1_000L).toString(),
                        "pageSize", 10_000, "itemFormat", 0));
        var times = new ArrayList<Long>();
        raw.data().path("items").forEach(item -> times.add(item.path("timestamp").asLong()));
        return times;
    }
}
