package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openenos.cluster.Cluster;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.testkit.ApiFixtures;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two real server nodes in one JVM sharing one PostgreSQL (node A's embedded server, which node B reaches by its JDBC
 * URL as an external database): devices, the API and the tests talk to them over real sockets only. Starting two
 * servers takes minutes on a busy two-core machine, so it runs in the Maven profile {@code cluster}:
 * {@code ./mvnw -pl server -am verify -Pcluster -Dtest=TwoServerNodesClusterTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class TwoServerNodesClusterTest {
    private static final String ADMIN_PASSWORD = TwoServerNodes.ADMIN_PASSWORD;
    private static final String COMMANDS = "/connect-service/v2.1/commands";
    private static final Duration MAINTENANCE_INTERVAL = Duration.ofMillis(500);

    private static TwoServerNodes nodes;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = TwoServerNodes.start("node", Map.of(
                "openenos.cluster.maintenance-interval", MAINTENANCE_INTERVAL.toMillis() + "ms"));
        nodeA = nodes.nodeA();
        nodeB = nodes.nodeB();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void bothNodesSeeEachOtherAlive() {
        Await.atMost(Duration.ofSeconds(10)).until("both nodes alive", () ->
                nodeA.getBean(Cluster.class).aliveNodes().size() == 2
                        && nodeB.getBean(Cluster.class).aliveNodes().size() == 2);
        assertThat(nodeA.getBean(Cluster.class).healthy()).isTrue();
        assertThat(nodeB.getBean(Cluster.class).healthy()).isTrue();
    }

    @Test
    void aDeviceThatLogsInOnNodeBClosesItsSessionOnNodeA() throws Exception {
        Site site = site("takeover");
        Device d = site.devices().getFirst();
        try (MqttTestDevice first = connect(nodeA, d)) {
            Await.atMost(Duration.ofSeconds(5)).until("online on A", () -> first.isConnected());
            try (MqttTestDevice second = connect(nodeB, d)) {
                Await.atMost(Duration.ofSeconds(10)).until("the session on A is closed", () -> !first.isConnected());
                assertThat(second.isConnected()).isTrue();
                // the takeover does not write the device offline behind the newer session's back
                Thread.sleep(500);
                assertThat(deviceStatus(site, d)).isEqualTo("online");
                JsonNode reply = second.request("thing/measurepoint/post", "thing.measurepoint.post",
                        Map.of("measurepoints", Map.of("power", 1.5), "time", System.currentTimeMillis()), "1");
                assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
            }
        }
    }

    @Test
    void aCommandSentThroughNodeAReachesTheDeviceOnNodeBAndGetsItsReply() throws Exception {
        Site site = site("routed");
        Device d = site.devices().getFirst();
        try (MqttTestDevice device = connect(nodeB, d)) {
            CompletableFuture<ApiClient.Response> call = CompletableFuture.supplyAsync(() -> site.appOnA().post(
                    COMMANDS, Map.of("action", "invokeService", "orgId", site.orgId(), "assetId", d.assetId(),
                            "serviceId", "reboot", "timeout", 10), Map.of("inputData", Map.of("delay", 7))));
            JsonNode command = device.next(d.topic("thing/service/reboot"));
            assertThat(command.path("params").path("delay").asInt()).isEqualTo(7);
            device.publish(d.topic("thing/service/reboot_reply"), "{\"id\":\"" + command.path("id").asString()
                    + "\",\"code\":200,\"data\":{\"result\":\"rebooting\"}}");
            ApiClient.Response response = call.get(15, TimeUnit.SECONDS);
            assertThat(response.ok()).as(response.toString()).isTrue();
            assertThat(response.data().path("outputData").path("result").asString()).isEqualTo("rebooting");
            String commandId = response.data().path("commandId").asString();
            for (ApiClient app : List.of(site.appOnA(), site.appOnB())) {
                var got = app.post(COMMANDS, Map.of("action", "get", "orgId", site.orgId(), "commandId", commandId),
                        null);
                assertThat(got.data().path("state").asInt()).as(got.toString()).isEqualTo(5);
            }
        }
    }

    @Test
    void aCommandRoutedToAnotherNodeCostsMillisecondsMoreThanALocalOne() throws Exception {
        Site site = site("latency");
        Device d = site.devices().getFirst();
        long[] local = new long[20];
        long[] routed = new long[20];
        try (MqttTestDevice device = connect(nodeA, d)) {
            answerReboots(device, d);
            warmUp(site, d);
            for (int i = 0; i < local.length; i++) {
                local[i] = timedReboot(site.appOnA(), site, d);
            }
        }
        Await.atMost(Duration.ofSeconds(10)).until("offline", () -> "offline".equals(deviceStatus(site, d)));
        try (MqttTestDevice device = connect(nodeB, d)) {
            answerReboots(device, d);
            warmUp(site, d);
            for (int i = 0; i < routed.length; i++) {
                routed[i] = timedReboot(site.appOnA(), site, d);
            }
        }
        java.util.Arrays.sort(local);
        java.util.Arrays.sort(routed);
        System.out.printf("SYNC command round trip through node A's API, median/max ms: device on A %.1f/%.1f, "
                        + "device on B %.1f/%.1f%n", local[10] / 1e6, local[19] / 1e6, routed[10] / 1e6,
                routed[19] / 1e6);
        assertThat(routed[10]).as("median of a routed command, ns").isLessThan(Duration.ofSeconds(1).toNanos());
    }

    /** The device answers every reboot at once, from Paho's callback thread. */
    private static void answerReboots(MqttTestDevice device, Device d) throws Exception {
        Thread.ofVirtual().start(() -> {
            try {
                while (device.isConnected()) {
                    var m = device.next(x -> x.topic().endsWith("thing/service/reboot"), Duration.ofSeconds(30),
                            "reboot");
                    device.publish(d.topic("thing/service/reboot_reply"), "{\"id\":\""
                            + m.body().path("id").asString() + "\",\"code\":200,\"data\":{\"result\":\"ok\"}}");
                }
            } catch (Exception | AssertionError e) {
                // the device disconnected: the measurement is over
            }
        });
    }

    private static void warmUp(Site site, Device d) {
        for (int i = 0; i < 5; i++) {
            timedReboot(site.appOnA(), site, d);
        }
    }

    private static long timedReboot(ApiClient app, Site site, Device d) {
        long t0 = System.nanoTime();
        var response = app.post(COMMANDS, Map.of("action", "invokeService", "orgId", site.orgId(), "assetId",
                d.assetId(), "serviceId", "reboot", "timeout", 10), Map.of("inputData", Map.of("delay", 1)));
        long took = System.nanoTime() - t0;
        assertThat(response.ok()).as(response.toString()).isTrue();
        return took;
    }

    @Test
    void aCommandWaitingOnNodeAIsDeliveredWhenTheDeviceComesOnlineOnNodeB() throws Exception {
        Site site = site("pending");
        Device d = site.devices().getFirst();
        try (MqttTestDevice once = connect(nodeA, d)) {
            assertThat(once.isConnected()).as("the first login activates the device").isTrue();
        }
        Await.atMost(Duration.ofSeconds(10)).until("offline", () -> "offline".equals(deviceStatus(site, d)));
        var queued = site.appOnA().post(COMMANDS, Map.of("action", "invokeService", "orgId", site.orgId(),
                "assetId", d.assetId(), "serviceId", "flash", "pendingTtl", 60), Map.of("inputData", Map.of()));
        assertThat(queued.ok()).as(queued.toString()).isTrue();
        String commandId = queued.data().path("commandId").asString();
        try (MqttTestDevice device = connect(nodeB, d)) {
            JsonNode command = device.next(d.topic("thing/service/flash"));
            assertThat(command.path("id").asString()).isEqualTo(commandId);
            device.publish(d.topic("thing/service/flash_reply"), "{\"id\":\"" + commandId
                    + "\",\"code\":200,\"data\":{}}");
            Await.atMost(Duration.ofSeconds(10)).until("command sent", () -> site.appOnB().post(COMMANDS,
                    Map.of("action", "get", "orgId", site.orgId(), "commandId", commandId), null)
                    .data().path("state").asInt() == 5);
        }
    }

    @Test
    void aModelChangedThroughNodeAIsSeenByNodeBsDevicesAtOnce() throws Exception {
        Site site = site("models");
        Device d = site.devices().getFirst();
        try (MqttTestDevice device = connect(nodeB, d)) {
            JsonNode before = device.request("thing/measurepoint/post", "thing.measurepoint.post",
                    Map.of("measurepoints", Map.of("voltage", 230.0), "time", System.currentTimeMillis()), "1");
            assertThat(before.path("code").asInt()).as("voltage is not in the model yet").isNotEqualTo(200);

            Map<String, Object> changed = new HashMap<>(ConnectivityTestBase.controllableModel(site.modelId()));
            Map<String, Object> points = new HashMap<>(castMap(changed.get("measurepoints")));
            points.put("voltage", Map.of("identifier", "voltage", "name", Map.of("defaultValue", "Voltage"),
                    "dataType", "DOUBLE", "signalType", "AI", "hasQuality", false));
            changed.put("measurepoints", points);
            var updated = site.appOnA().post("/model-service/v2.1/thing-models", Map.of("action", "update",
                    "orgId", site.orgId()), changed);
            assertThat(updated.ok()).as(updated.toString()).isTrue();

            // node B's cache learns of it by a message, not by a time-out: well within a second
            RegistryDeviceDirectory directoryB = nodeB.getBean(RegistryDeviceDirectory.class);
            Await.atMost(Duration.ofSeconds(1)).until("B's cached model has voltage", () ->
                    directoryB.model(site.orgId(), site.modelId()).orElseThrow().measurepoints()
                            .containsKey("voltage"));
            JsonNode after = device.request("thing/measurepoint/post", "thing.measurepoint.post",
                    Map.of("measurepoints", Map.of("voltage", 230.0), "time", System.currentTimeMillis()), "2");
            assertThat(after.path("code").asInt()).as(after.toString()).isEqualTo(200);
        }
    }

    @Test
    void aDeviceDisabledThroughNodeACannotLogInOnNodeBAnyMore() throws Exception {
        Site site = site("disabled");
        Device d = site.devices().getFirst();
        try (MqttTestDevice once = connect(nodeB, d)) {
            assertThat(once.isConnected()).as("node B now caches the device as enabled").isTrue();
        }
        var disabled = site.appOnA().post("/connect-service/v2.1/devices", Map.of("action", "disable", "orgId",
                site.orgId(), "assetId", d.assetId()), null);
        assertThat(disabled.ok()).as(disabled.toString()).isTrue();

        RegistryDeviceDirectory directoryB = nodeB.getBean(RegistryDeviceDirectory.class);
        Await.atMost(Duration.ofSeconds(1)).until("B's cached device is disabled", () ->
                !directoryB.device(d.productKey(), d.deviceKey()).orElseThrow().enabled());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connect(nodeB, d).close())
                .as("login refused on node B").isInstanceOf(Exception.class);
    }

    @Test
    void anAlertRuleCreatedAndDeletedThroughNodeAIsTakenAndDroppedByNodeBsEngine() {
        Site site = site("rules");
        String events = "/event-service/v2.1/";
        var severity = site.appOnA().post(events + "alert-severities", Map.of("action", "create", "orgId",
                site.orgId()), Map.of("severity", Map.of("severityId", "major", "severityDesc",
                Map.of("defaultValue", "Major"))));
        assertThat(severity.ok()).as(severity.toString()).isTrue();
        double before = rulesIn(nodeB);
        var created = site.appOnA().post(events + "alert-rules", Map.of("action", "create", "orgId", site.orgId()),
                Map.of("rule", Map.of("ruleId", "hot", "ruleDesc", Map.of("defaultValue", "too hot"), "modelId",
                        site.modelId(), "measurepointId", "temp", "condition", "${temp} > 50", "severityId", "major",
                        "isEnabled", true, "scope", List.of(Map.of("treeId", "all")))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        Await.atMost(Duration.ofSeconds(1)).until("B's engine has the rule", () -> rulesIn(nodeB) == before + 1);

        var deleted = site.appOnA().post(events + "alert-rules", Map.of("action", "delete", "orgId", site.orgId(),
                "ruleId", "hot"), null);
        assertThat(deleted.ok()).as(deleted.toString()).isTrue();
        Await.atMost(Duration.ofSeconds(1)).until("B's engine dropped the rule", () -> rulesIn(nodeB) == before);
    }

    private static double rulesIn(ConfigurableApplicationContext node) {
        return node.getBean(MeterRegistry.class).get("openenos.alerts.rules").gauge().value();
    }

    @Test
    void theClusterMaintenanceRunsOncePerPeriodAcrossBothNodes() throws Exception {
        double before = runs(nodeA) + runs(nodeB);
        long periods = 8;
        Thread.sleep(MAINTENANCE_INTERVAL.toMillis() * periods);
        double ran = runs(nodeA) + runs(nodeB) - before;
        // each node schedules it every period; without the lock it would run about twice per period
        assertThat(ran).isBetween(periods / 2.0, periods + 2.0);
    }

    private static double runs(ConfigurableApplicationContext node) {
        var counter = node.getBean(MeterRegistry.class).find("openenos.cluster.jobs.runs")
                .tag("job", "cluster-maintenance").counter();
        return counter == null ? 0 : counter.count();
    }

    // --- fixtures -------------------------------------------------------------------------------------------------

    private record Device(String productKey, String deviceKey, String deviceSecret, String assetId) {
        String topic(String suffix) {
            return "/sys/" + productKey + "/" + deviceKey + "/" + suffix;
        }
    }

    private record Site(String orgId, String modelId, ApiClient appOnA, ApiClient appOnB, List<Device> devices) {
    }

    /** An organization (through node A), a model with services, a product and a device. */
    private static Site site(String name) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ApiClient admin = ApiClient.user(base(nodeA), "admin", ADMIN_PASSWORD);
        ApiFixtures.CreatedOrganization org = ApiFixtures.createOrganization(ServerTestBase.fixturesApi(admin),
                "org-" + name + "-" + suffix);
        ApiClient appA = ApiClient.app(base(nodeA), org.appKey(), org.appSecret());
        ApiClient appB = ApiClient.app(base(nodeB), org.appKey(), org.appSecret());
        String modelId = "m_" + name + "_" + suffix;
        var model = appA.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", org.orgId()),
                ConnectivityTestBase.controllableModel(modelId));
        assertThat(model.ok()).as(model.toString()).isTrue();
        var product = appA.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", org.orgId()),
                Map.of("productName", Map.of("defaultValue", "p " + modelId), "productType", "Device",
                        "dataFormat", "Json", "modelId", modelId, "biDirectionalAuth", false));
        assertThat(product.ok()).as(product.toString()).isTrue();
        String productKey = product.data().asString();
        var device = appA.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", org.orgId()),
                Map.of("productKey", productKey, "timezone", "+08:00", "deviceName", Map.of("defaultValue", "d")));
        assertThat(device.ok()).as(device.toString()).isTrue();
        return new Site(org.orgId(), modelId, appA, appB, List.of(new Device(productKey,
                device.data().path("deviceKey").asString(), device.data().path("deviceSecret").asString(),
                device.data().path("assetId").asString())));
    }

    private static String deviceStatus(Site site, Device d) {
        var got = site.appOnB().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId",
                site.orgId(), "assetId", d.assetId()), null);
        return got.data().path("status").asString();
    }

    private static MqttTestDevice connect(ConfigurableApplicationContext node, Device d) throws Exception {
        return MqttTestDevice.connect(node.getBean(MqttGateway.class).port(), d.productKey(), d.deviceKey(),
                d.deviceSecret());
    }

    private static String base(ConfigurableApplicationContext node) {
        return TwoServerNodes.base(node);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
