package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.SignalType;
import org.openenos.testkit.MqttTestDevice;
import org.openenos.timeseries.AggregateFunction;
import org.openenos.timeseries.LatestValueCache;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesModule;
import org.openenos.timeseries.TimeSeriesStore;
import org.openenos.timeseries.TsdbAggregateQuery;
import org.openenos.timeseries.TsdbLatestQuery;
import org.openenos.timeseries.TsdbQuery;
import org.openenos.timeseries.TsdbQueryService;
import org.openenos.timeseries.cassandra.CassandraTestCluster;
import org.openenos.timeseries.cassandra.CassandraTimeSeriesStore;
import org.openenos.timeseries.questdb.QuestDbTimeSeriesStore;
import org.openenos.timeseries.questdb.StoreOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server on a Cassandra store: three Cassandra 5.0 nodes on 127.0.0.1/2/3 started by the test
 * (replication 3, QUORUM), devices posting over MQTT, one node SIGKILLed mid-load. Every acknowledged point is stored
 * once, and the TSDB queries answer exactly what the embedded QuestDB store answers for the same values. Runs in the
 * {@code cluster} Maven profile (the three nodes take about three minutes to start here).
 */
@Tag("cluster")
@org.springframework.boot.test.context.SpringBootTest(
        webEnvironment = org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT)
class CassandraStoreClusterTest extends ServerTestSupport {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraStoreClusterTest.class);
    private static final int DEVICES = 6;
    private static final int POSTS_PER_DEVICE = 200;
    private static final CassandraTestCluster CASSANDRA;
    private static final Path NODE_DATA_DIR;

    static {
        try {
            NODE_DATA_DIR = Files.createTempDirectory("openenos-cassandra-node");
            long started = System.nanoTime();
            CASSANDRA = CassandraTestCluster.start(Files.createTempDirectory("openenos-cassandra"), 3, "1G");
            LOG.info("3 Cassandra nodes up in {} s", (System.nanoTime() - started) / 1_000_000_000L);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestBase.serverProperties(registry, NODE_DATA_DIR);
        registry.add("openenos.timeseries.store", () -> "cassandra");
        registry.add("openenos.timeseries.cassandra.contact-points", () -> String.join(",", CASSANDRA.contactPoints()));
        registry.add("openenos.timeseries.cassandra.keyspace", () -> "cluster_test");
        registry.add("openenos.timeseries.cassandra.replication-factor", () -> "3");
        registry.add("openenos.timeseries.cassandra.read-consistency", () -> "QUORUM");
        registry.add("openenos.timeseries.cassandra.write-consistency", () -> "QUORUM");
    }

    @AfterAll
    static void stopCassandra() {
        CASSANDRA.close();
    }

    @Autowired
    MqttGateway gateway;
    @Autowired
    TimeSeriesModule timeSeries;
    @Autowired
    TsdbQueryService queries;

    @Test
    void pointsPostedWhileACassandraNodeIsKilledAreStoredOnceAndQueriedAsOnTheEmbeddedStore() throws Exception {
        assertThat(timeSeries.store()).isInstanceOf(CassandraTimeSeriesStore.class);
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("cass_inv"));
        String pk = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", "cass_inv")).data().asString();
        var assets = new ArrayList<String>();
        var secrets = new ArrayList<String>();
        for (int d = 0; d < DEVICES; d++) {
            var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                    Map.of("productKey", pk, "deviceKey", "c-" + d, "deviceName", Map.of("defaultValue", "d" + d)));
            assets.add(dev.data().path("assetId").asString());
            secrets.add(dev.data().path("deviceSecret").asString());
        }
        // Whole hours in the past, so the rollups of closed hours take part in the aggregates below.
        long t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                .toEpochMilli();
        var posted = new ArrayList<MeasurePointValue>();
        var acknowledged = new AtomicInteger();
        var sent = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(DEVICES);
        var runs = new ArrayList<Future<?>>();
        for (int d = 0; d < DEVICES; d++) {
            int device = d;
            String asset = assets.get(d);
            for (int i = 0; i < POSTS_PER_DEVICE; i++) {
                posted.add(new MeasurePointValue(t.orgId(), "cass_inv", asset, "power", t0 + i * 30_000L,
                        Math.round(Math.sin(i * 0.1 + device) * 1000) / 10.0, null));
            }
            runs.add(pool.submit(() -> {
                try (MqttTestDevice mqtt = MqttTestDevice.connect(gateway.port(), pk, "c-" + device,
                        secrets.get(device))) {
                    for (int i = 0; i < POSTS_PER_DEVICE; i++) {
                        var reply = mqtt.request("thing/measurepoint/post", "thing.measurepoint.post",
                                Map.of("measurepoints", Map.of("power", Math.round(Math.sin(i * 0.1 + device) * 1000)
                                        / 10.0), "time", t0 + i * 30_000L), String.valueOf(i));
                        if (reply.path("code").asInt() == 200) {
                            acknowledged.incrementAndGet();
                        }
                        sent.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        while (sent.get() < DEVICES * POSTS_PER_DEVICE / 3) {
            Thread.sleep(10);
        }
        LOG.info("killing Cassandra node 3 (pid {}) after {} posts", CASSANDRA.node(2).pid(), sent.get());
        CASSANDRA.node(2).kill();
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();
        assertThat(acknowledged.get()).isEqualTo(DEVICES * POSTS_PER_DEVICE);
        assertThat(timeSeries.awaitStored(Duration.ofSeconds(120))).isTrue();
        LOG.info("{} points acknowledged and stored in {} s with one of three Cassandra nodes killed",
                acknowledged.get(), (System.nanoTime() - started) / 1_000_000_000L);

        for (String asset : assets) {
            var raw = t.app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), Map.of("assetIds", asset,
                    "pointIds", "power", "startTime", Instant.ofEpochMilli(t0).toString(),
                    "endTime", Instant.ofEpochMilli(t0 + POSTS_PER_DEVICE * 30_000L).toString(),
                    "pageSize", 10_000, "itemFormat", 0));
            var times = new ArrayList<Long>();
            raw.data().path("items").forEach(item -> times.add(item.path("timestamp").asLong()));
            assertThat(times).as("asset %s", asset).hasSize(POSTS_PER_DEVICE).doesNotHaveDuplicates();
        }

        ((CassandraTimeSeriesStore) timeSeries.store()).runMaintenance();
        try (var embedded = QuestDbTimeSeriesStore.open(NODE_DATA_DIR.resolve("reference"),
                StoreOptions.DEFAULTS.manual(), Clock.systemUTC())) {
            embedded.append(posted, TimeSeriesStore.AppendMode.NEW);
            embedded.runMaintenance(false);
            var reference = referenceQueries(embedded, t.orgId());
            String start = Instant.ofEpochMilli(t0).toString();
            String end = Instant.ofEpochMilli(t0 + POSTS_PER_DEVICE * 30_000L).toString();
            var rawQuery = new TsdbQuery(t.orgId(), null, assets, List.of("power"), start, end, 50, null, false,
                    false, 0, 0);
            assertThat(withoutLocalTime(queries.raw(rawQuery).items()))
                    .isEqualTo(withoutLocalTime(reference.raw(rawQuery).items()));
            for (int interval : List.of(1, 10, 60)) {
                var aggregate = new TsdbAggregateQuery(t.orgId(), assets, "avg(power),max(power),count(power)",
                        interval, start, end, null, false, 0, 2);
                assertThat(withoutLocalTime(queries.aiNormalized(aggregate).items())).as("interval %d", interval)
                        .isEqualTo(withoutLocalTime(reference.aiNormalized(aggregate).items()));
            }
            assertThat(timeSeries.store().aggregate(new SeriesKey(t.orgId(), assets.getFirst(), "power"), t0,
                    t0 + 3 * 3_600_000L, 3_600_000L, AggregateFunction.SUM)).isEqualTo(embedded.aggregate(
                    new SeriesKey(t.orgId(), assets.getFirst(), "power"), t0, t0 + 3 * 3_600_000L, 3_600_000L,
                    AggregateFunction.SUM));
            var latest = new TsdbLatestQuery(t.orgId(), assets, List.of("power"), null, false);
            assertThat(withoutLocalTime(queries.latest(latest).items()))
                    .isEqualTo(withoutLocalTime(reference.latest(latest).items()));
        }
    }

    private static TsdbQueryService referenceQueries(TimeSeriesStore store, String orgId) throws IOException {
        var latest = new LatestValueCache(Files.createTempDirectory("reference-latest").resolve("tombstones"));
        latest.rebuildFrom(store);
        return new TsdbQueryService(store, latest, org.openenos.timeseries.AssetTimezones.UTC,
                (o, asset, point) -> Optional.of(SignalType.AI), Clock.systemUTC());
    }

    private static List<Map<String, Object>> withoutLocalTime(List<Map<String, Object>> items) {
        var copy = new ArrayList<Map<String, Object>>();
        for (var item : items) {
            var m = new HashMap<>(item);
            m.keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).startsWith("localtime"));
            copy.add(m);
        }
        return copy;
    }
}
