package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openenos.telemetry.kafka.KafkaTestCluster;
import org.openenos.testkit.ApiFixtures;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Alert evaluation shared by two server nodes on one Kafka broker and one PostgreSQL (ADR 0122): each node evaluates
 * the assets of the bus partitions the alert group gives it, devices post through both nodes, and every alert is
 * raised once and recovered once across the cluster. Node B is stopped while the assets it evaluates are in alarm;
 * node A takes its partitions with their active alerts and recovers each of them once. Runs in the Maven profile
 * {@code cluster}: {@code ./mvnw -pl server -am verify -Pcluster -Dtest=AlertPartitionsClusterTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("cluster")
class AlertPartitionsClusterTest {
    private static final String EVENTS = "/event-service/v2.1/";
    private static final int PARTITIONS = 6;
    private static final int DEVICES = 12;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KafkaTestCluster kafka;
    private static TwoServerNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestCluster.start(Files.createTempDirectory("openenos-alert-kafka"), 1);
        nodes = TwoServerNodes.start("alert-node",
                TwoServerNodes.onOneKafkaBroker(kafka.bootstrapServers(), PARTITIONS));
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private record Device(String productKey, String deviceKey, String secret, String assetId) {
    }

    @Test
    void eachAlertIsRaisedAndRecoveredOnceWhileTheNodeEvaluatingItsAssetStops() throws Exception {
        ConfigurableApplicationContext a = nodes.nodeA();
        ConfigurableApplicationContext b = nodes.nodeB();
        Await.atMost(WAIT).until("both nodes evaluate some partitions",
                () -> ownedPartitions(a) > 0 && ownedPartitions(b) > 0
                        && ownedPartitions(a) + ownedPartitions(b) == PARTITIONS);

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ApiClient admin = ApiClient.user(TwoServerNodes.base(a), "admin", TwoServerNodes.ADMIN_PASSWORD);
        var org = ApiFixtures.createOrganization(ServerTestBase.fixturesApi(admin), "org-alerts-" + suffix);
        ApiClient app = ApiClient.app(TwoServerNodes.base(a), org.appKey(), org.appSecret());
        String modelId = "m_alerts_" + suffix;
        assertThat(app.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", org.orgId()),
                ServerTestSupport.simpleModel(modelId)).ok()).isTrue();
        String productKey = app.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId",
                org.orgId()), Map.of("productName", Map.of("defaultValue", "p"), "modelId", modelId)).data()
                .asString();
        List<Device> devices = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            JsonNode dev = app.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", org.orgId()),
                    Map.of("productKey", productKey, "deviceKey", "k-" + d, "deviceName",
                            Map.of("defaultValue", "d" + d))).data();
            devices.add(new Device(productKey, "k-" + d, dev.path("deviceSecret").asString(),
                    dev.path("assetId").asString()));
        }
        assertThat(app.post(EVENTS + "alert-severities", Map.of("action", "create", "orgId", org.orgId()),
                Map.of("severity", Map.of("severityId", "major", "severityDesc", Map.of("defaultValue", "Major"))))
                .ok()).isTrue();
        assertThat(app.post(EVENTS + "alert-rules", Map.of("action", "create", "orgId", org.orgId()),
                Map.of("rule", Map.of("ruleId", "hot", "ruleDesc", Map.of("defaultValue", "too hot"), "modelId",
                        modelId, "measurepointId", "temp", "condition", "${temp} > 50", "recoveryCondition",
                        "${temp} < 45", "severityId", "major", "isEnabled", true,
                        "scope", List.of(Map.of("treeId", "all"))))).ok()).isTrue();
        Set<Integer> onB = ownedBy(b);
        assertThat(devices).as("some assets are evaluated by node B")
                .anyMatch(d -> onB.contains(partitionOf(d.assetId())));

        // alarm: half of the devices post through node A, half through node B, twice each
        long t0 = System.currentTimeMillis() - 60_000;
        postThroughBothNodes(devices, a, b, t0, 80.0, 85.0);
        Await.atMost(WAIT).until("every asset in alarm", () -> count(app, org.orgId(), "active-alerts") == DEVICES);
        double raisedA = counter(a, "openenos.alerts.raised");
        double raisedB = counter(b, "openenos.alerts.raised");
        assertThat(raisedA + raisedB).as("raised once across the cluster").isEqualTo(DEVICES);
        assertThat(raisedB).as("node B raised the alerts of its assets").isPositive();

        // node B stops while its assets are in alarm; node A takes its partitions with their alerts
        nodes.stopB();
        Await.atMost(WAIT).until("node A evaluates every partition", () -> ownedPartitions(a) == PARTITIONS);
        double recoveredBefore = counter(a, "openenos.alerts.recovered");
        postThroughNodeA(devices, a, t0 + 2_000, 20.0, 10.0);
        Await.atMost(WAIT).until("every alert recovered", () -> count(app, org.orgId(), "active-alerts") == 0
                && count(app, org.orgId(), "history-alerts") >= DEVICES);

        List<JsonNode> history = search(app, org.orgId(), "history-alerts");
        Map<String, Long> perAsset = history.stream().collect(Collectors.groupingBy(
                h -> h.path("assetId").asString(), Collectors.counting()));
        assertThat(perAsset).as("one alert per asset, none twice").hasSize(DEVICES).allSatisfy((asset, n) ->
                assertThat(n).as(asset).isEqualTo(1));
        assertThat(history).allSatisfy(h -> assertThat(h.path("recoverValue").asDouble()).isEqualTo(20.0));
        assertThat(counter(a, "openenos.alerts.recovered") - recoveredBefore).as("recovered once, by node A")
                .isEqualTo(DEVICES);
        assertThat(counter(a, "openenos.alerts.raised")).as("node A raised nothing again").isEqualTo(raisedA);
    }

    private static void postThroughBothNodes(List<Device> devices, ConfigurableApplicationContext a,
                                             ConfigurableApplicationContext b, long t0, double... temps)
            throws Exception {
        for (int d = 0; d < devices.size(); d++) {
            post(devices.get(d), d % 2 == 0 ? a : b, t0, temps);
        }
    }

    private static void postThroughNodeA(List<Device> devices, ConfigurableApplicationContext a, long t0,
                                         double... temps) throws Exception {
        for (Device d : devices) {
            post(d, a, t0, temps);
        }
    }

    private static void post(Device d, ConfigurableApplicationContext node, long t0, double... temps)
            throws Exception {
        try (MqttTestDevice mqtt = MqttTestDevice.connect(TwoServerNodes.mqttPort(node), d.productKey(),
                d.deviceKey(), d.secret())) {
            for (int i = 0; i < temps.length; i++) {
                JsonNode reply = mqtt.request("thing/measurepoint/post", "thing.measurepoint.post",
                        Map.of("measurepoints", Map.of("temp", temps[i]), "time", t0 + i * 1_000L), String.valueOf(i));
                assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
            }
        }
    }

    private static int partitionOf(String assetId) {
        return Math.floorMod(assetId.hashCode(), PARTITIONS);
    }

    private static int ownedPartitions(ConfigurableApplicationContext node) {
        return (int) node.getBean(MeterRegistry.class).get("openenos.alerts.stage.partitions").gauge().value();
    }

    private static Set<Integer> ownedBy(ConfigurableApplicationContext node) {
        return node.getBean(org.openenos.alerting.AlertStage.class).ownedPartitions();
    }

    private static double counter(ConfigurableApplicationContext node, String name) {
        return node.getBean(MeterRegistry.class).counter(name).count();
    }

    private static long count(ApiClient app, String orgId, String resource) {
        return search(app, orgId, resource).size();
    }

    private static List<JsonNode> search(ApiClient app, String orgId, String resource) {
        var found = app.post(EVENTS + resource, Map.of("action", "search", "orgId", orgId),
                Map.of("pagination", Map.of("pageNo", 1, "pageSize", 1000)));
        assertThat(found.ok()).as(found.toString()).isTrue();
        List<JsonNode> items = new ArrayList<>();
        found.data().forEach(items::add);
        return items;
    }
}
