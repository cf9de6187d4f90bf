package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.edge.app.EdgeApplication;
import org.openenos.edge.config.ConfigException;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.modbus.ModbusSimulator;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicKind;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An edge managed from the cloud, with the real server, a real edge and a Modbus slave: a configuration saved and
 * pushed through the API adds a device whose data arrives without a restart; an invalid one is refused by the API
 * with the edge's own message, and one that reaches the edge anyway is refused there while the running one keeps
 * going; after a restart the edge runs the version it applied last.
 */
class EdgeCloudConfigTest extends ServerTestBase {
    private static final String API = "/edge-service/v2.1/edge-configs";

    @Autowired
    ApplicationContext applicationContext;

    @Test
    void aPushedConfigurationRunsWithoutRestartABadOneIsRefusedAndTheAppliedOneSurvivesARestart() throws Exception {
        Tenant t = newTenant();
        EdgeFixture edgeSide = EdgeFixture.create(t, "edge_meter", "level");
        String gatewayPk = edgeSide.gatewayProductKey();
        String meterPk = edgeSide.deviceProductKey();
        JsonNode gateway = edgeSide.gateway();
        JsonNode first = edgeSide.subDevice();
        JsonNode second = edgeSide.subDevice();
        Map<String, String> gatewayId = Map.of("orgId", t.orgId(), "assetId", gateway.path("assetId").asString());
        int mqttPort = applicationContext.getBean(MqttGateway.class).port();
        try (ModbusSimulator slave = new ModbusSimulator(0).start()) {
            slave.setHolding(0, 42);
            slave.setHolding(1, 7);
            String connections = """
                    connections:
                      - {id: plc, type: MODBUS_TCP, host: 127.0.0.1, port: %d, timeoutMillis: 300}
                    devices:
                    """.formatted(slave.port()) + meter("first", meterPk, first, 0);
            EdgeConfig config = EdgeFixture.parse(edgeSide.localPart(mqttPort, "edge-cloud-config", "",
                    ", reportIntervalMillis: 300") + connections);
            String withSecond = connections + meter("second", meterPk, second, 1);
            try (EdgeApplication edge = EdgeApplication.start(config)) {
                await(() -> latest(t, first).isPresent());

                // saved and validated in the cloud, then pushed: the new device's data arrives, no restart
                var saved = t.app().post(API, params(gatewayId, "save"), Map.of("config", withSecond,
                        "comment", "second meter"));
                assertThat(saved.ok()).as(saved.toString()).isTrue();
                assertThat(saved.data().path("version").asLong()).isEqualTo(1);
                var pushed = t.app().post(API, params(gatewayId, "push"), null);
                assertThat(pushed.ok()).as(pushed.toString()).isTrue();
                await(() -> latest(t, second).filter(v -> v == 7.0).isPresent());
                await(() -> status(t, gatewayId).path("appliedVersion").asLong() == 1);
                JsonNode status = status(t, gatewayId);
                assertThat(status.path("desiredVersion").asLong()).isEqualTo(1);
                assertThat(status.path("status").path("devices")).hasSize(2);
                assertThat(status.path("status").path("connections").get(0).path("connected").asBoolean()).isTrue();
                assertThat(status.path("status").path("deadLetterItems").isNumber()).isTrue();
                assertThat(status.path("status").path("deadLetterItems").asLong()).isZero();
                assertThat(status.path("status").path("unreadableMessages").asLong()).isZero();
                assertThat(status.path("status").path("connections").get(0).has("unreadableMessages")).isTrue();

                // refused by the API with the message the edge gives for the same text
                String bad = withSecond.replace("connection: plc\n    productKey: " + meterPk + "\n    deviceKey: "
                        + second.path("deviceKey").asString(), "connection: nowhere\n    productKey: " + meterPk
                        + "\n    deviceKey: " + second.path("deviceKey").asString());
                assertThat(bad).isNotEqualTo(withSecond);
                String edgeMessage = messageOf(bad);
                var refused = t.app().post(API, params(gatewayId, "save"), Map.of("config", bad));
                assertThat(refused.ok()).isFalse();
                assertThat(refused.body().path("msg").asString()).contains(edgeMessage);
                var validated = t.app().post(API, Map.of("action", "validate", "orgId", t.orgId()),
                        Map.of("config", bad));
                assertThat(validated.data().path("message").asString()).isEqualTo(edgeMessage);
                assertThat(t.app().post(API, params(gatewayId, "list"), null).data()).hasSize(1);

                // a bad version that reaches the edge anyway: refused there, reported, version 1 keeps running
                pushRaw(gatewayPk, gateway.path("deviceKey").asString(), 99, bad);
                await(() -> status(t, gatewayId).path("configError").asString("").contains("unknown connection"));
                assertThat(status(t, gatewayId).path("appliedVersion").asLong()).isEqualTo(1);
                assertThat(edge.runtime().appliedConfigVersion()).contains(1L);
                slave.setHolding(1, 8);
                await(() -> latest(t, second).filter(v -> v == 8.0).isPresent());
            }

            // restarted with the same file: the version applied last runs
            try (EdgeApplication edge = EdgeApplication.start(config)) {
                assertThat(edge.runtime().appliedConfigVersion()).contains(1L);
                assertThat(edge.runtime().status().devices()).hasSize(2);
                slave.setHolding(1, 9);
                await(() -> latest(t, second).filter(v -> v == 9.0).isPresent());
            }
        }
    }

    private static String meter(String id, String productKey, JsonNode device, int register) {
        return """
                  - id: %s
                    connection: plc
                    productKey: %s
                    deviceKey: %s
                    deviceSecret: %s
                    pollIntervalMillis: 200
                    points: [{id: r, area: HOLDING_REGISTER, address: %d, type: UINT16}]
                    template: {measurepoints: [{measurepoint: level, input: r}]}
                """.formatted(id, productKey, device.path("deviceKey").asString(),
                device.path("deviceSecret").asString(), register);
    }

    private static String messageOf(String text) {
        try {
            new EdgeConfigLoader().parseField(text, "config");
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("the edge accepts " + text);
    }

    /** Sends a push the way the server does, bypassing the API's validation. */
    private void pushRaw(String pk, String dk, long version, String text) {
        byte[] payload = new MessageCodec().encode(new DeviceRequest("raw-" + version, "1.0",
                TopicKind.EDGE_CONFIG_PUSH.method(null), Map.of("version", version, "config", text)));
        assertThat(applicationContext.getBean(Connectivity.class).publisher()
                .publish(pk, dk, TopicKind.EDGE_CONFIG_PUSH.topic(pk, dk), payload)).isTrue();
    }

    private static Map<String, String> params(Map<String, String> gateway, String action) {
        Map<String, String> params = new LinkedHashMap<>(gateway);
        params.put("action", action);
        return params;
    }

    private static JsonNode status(Tenant t, Map<String, String> gateway) {
        var r = t.app().post(API, params(gateway, "status"), null);
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data();
    }

    private static java.util.Optional<Double> latest(Tenant t, JsonNode device) {
        var r = t.app().post("/tsdb-service/v2.1/latest", Map.of("orgId", t.orgId()), Map.of(
                "assetIds", device.path("assetId").asString(), "pointIds", "level"));
        if (!r.ok() || r.data().path("items").isEmpty()) {
            return java.util.Optional.empty();
        }
        JsonNode value = r.data().path("items").get(0).path("value");
        return value.isNumber() ? java.util.Optional.of(value.asDouble()) : java.util.Optional.empty();
    }

    private static void await(BooleanSupplier condition) {
        EdgeFixture.await(Duration.ofSeconds(30), Duration.ofMillis(100), condition);
    }
}
