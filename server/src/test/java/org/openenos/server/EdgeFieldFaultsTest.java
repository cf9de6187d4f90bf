package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.edge.app.EdgeApplication;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.modbus.ModbusSimulator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A field device that stops answering, seen from the cloud: the edge posts bad quality without a value, which the
 * server stores and the TSDB API returns; after the configured failed polls the sub-device is offline (status and
 * connection event) and online again when the device answers.
 */
class EdgeFieldFaultsTest extends ServerTestBase {
    @Autowired
    ApplicationContext applicationContext;

    @Test
    void aSilentFieldDeviceIsStoredWithBadQualityAndShownOfflineUntilItAnswersAgain() throws Exception {
        Tenant t = newTenant();
        EdgeFixture edgeSide = EdgeFixture.create(t, "edge_tank", "level");
        JsonNode tank = edgeSide.subDevice();
        String assetId = tank.path("assetId").asString();
        int mqttPort = applicationContext.getBean(MqttGateway.class).port();
        try (ModbusSimulator slave = new ModbusSimulator(0).start()) {
            slave.setHolding(0, 42);
            String yaml = edgeSide.localPart(mqttPort, "edge-faults", "", "") + """
                    connections:
                      - {id: plc, type: MODBUS_TCP, host: 127.0.0.1, port: %d, timeoutMillis: 300}
                    devices:
                      - id: tank
                        connection: plc
                        productKey: %s
                        deviceKey: %s
                        deviceSecret: %s
                        pollIntervalMillis: 200
                        offlineAfterFailedPolls: 3
                        outagePollIntervalMillis: 1000
                        points: [{id: r, area: HOLDING_REGISTER, address: 0, type: UINT16}]
                        template: {measurepoints: [{measurepoint: level, input: r}]}
                    """.formatted(slave.port(), edgeSide.deviceProductKey(), tank.path("deviceKey").asString(),
                    tank.path("deviceSecret").asString());
            EdgeConfig config = EdgeFixture.parse(yaml);
            try (EdgeApplication edge = EdgeApplication.start(config)) {
                await(() -> "online".equals(status(t, assetId)) && !rows(t, assetId).isEmpty());

                slave.stop();
                await(() -> "offline".equals(status(t, assetId)));
                await(() -> rows(t, assetId).stream().anyMatch(r -> r.path("level_quality").asInt() == 9));
                JsonNode failed = rows(t, assetId).stream().filter(r -> r.path("level_quality").asInt() == 9)
                        .findFirst().orElseThrow();
                assertThat(failed.has("level")).as(failed.toString()).isTrue();
                assertThat(failed.path("level").isNull()).as("quality without a value: " + failed).isTrue();
                assertThat(events(t, assetId)).as("connection log, newest first").startsWith("OFFLINE");

                slave.start();
                await(() -> "online".equals(status(t, assetId)));
                assertThat(events(t, assetId)).startsWith("ONLINE", "OFFLINE", "ONLINE");
                await(() -> rows(t, assetId).getLast().path("level").asDouble() == 42.0);
                assertThat(edge.runtime().status().devices().getFirst().online()).isTrue();
            }
        }
    }

    private List<JsonNode> rows(Tenant t, String assetId) {
        var r = t.app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), Map.of("modelId", "edge_tank",
                "assetIds", assetId, "pointIds", "level", "startTime", "2000-01-01T00:00:00Z",
                "endTime", "2100-01-01T00:00:00Z", "pageSize", 100_000, "withQuality", true));
        assertThat(r.ok()).as(r.toString()).isTrue();
        List<JsonNode> rows = new ArrayList<>();
        r.data().path("items").forEach(rows::add);
        return rows;
    }

    private static String status(Tenant t, String assetId) {
        var got = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                "assetId", assetId), null);
        return got.data().path("status").asString();
    }

    private static List<String> events(Tenant t, String assetId) {
        var r = t.app().post("/connect-service/v2.1/device-connection-events", Map.of("action", "search", "orgId",
                t.orgId()), Map.of("assetId", assetId));
        assertThat(r.ok()).as(r.toString()).isTrue();
        List<String> out = new ArrayList<>();
        r.data().forEach(e -> out.add(e.path("eventType").asString()));
        return out;
    }

    private static void await(BooleanSupplier condition) {
        EdgeFixture.await(Duration.ofSeconds(30), Duration.ofMillis(100), condition);
    }
}
