package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.testkit.Await;
import tools.jackson.databind.JsonNode;

/**
 * The cloud side of an edge in the server's tests, made through the API: a thing model with one quality-carrying
 * measure point, a gateway product and a device product on it, and the gateway device; sub-devices on demand; and the
 * edge's configuration file (gateway, cloud link and buffer), to which a test appends its own field part.
 */
final class EdgeFixture {
    private final ServerTestSupport.Tenant tenant;
    private final String modelId;
    private final String gatewayProductKey;
    private final String deviceProductKey;
    private final JsonNode gateway;

    private EdgeFixture(ServerTestSupport.Tenant tenant, String modelId) {
        this.tenant = tenant;
        this.modelId = modelId;
        this.gatewayProductKey = product("Gateway");
        this.deviceProductKey = product("Device");
        this.gateway = createDevice(gatewayProductKey);
    }

    /** A model {@code modelId} with the DOUBLE point {@code pointId}, both products and the gateway. */
    static EdgeFixture create(ServerTestSupport.Tenant tenant, String modelId, String pointId) {
        Map<String, Object> model = Map.of("modelId", modelId, "name", Map.of("defaultValue", modelId),
                "measurepoints", Map.of(pointId, Map.of("identifier", pointId, "name", Map.of("defaultValue", pointId),
                        "dataType", "DOUBLE", "signalType", "AI", "hasQuality", true)),
                "attributes", Map.of(), "services", Map.of(), "events", Map.of());
        assertThat(tenant.app().post("/model-service/v2.1/thing-models", Map.of("action", "create",
                "orgId", tenant.orgId()), model).ok()).isTrue();
        return new EdgeFixture(tenant, modelId);
    }

    String gatewayProductKey() {
        return gatewayProductKey;
    }

    String deviceProductKey() {
        return deviceProductKey;
    }

    JsonNode gateway() {
        return gateway;
    }

    /** A new device of the device product, to be a sub-device of the gateway. */
    JsonNode subDevice() {
        return createDevice(deviceProductKey);
    }

    /**
     * The local part of the edge's file: the gateway's identity, the cloud link to {@code cloudPort} (quick
     * reconnects, plus {@code cloudOptions}), the buffer in a new temporary folder and the status endpoint off (plus
     * {@code statusOptions}). Options are extra YAML flow-map entries, each starting with a comma, or empty.
     */
    String localPart(int cloudPort, String bufferPrefix, String cloudOptions, String statusOptions)
            throws IOException {
        Path buffer = Files.createTempDirectory(bufferPrefix).resolve("buffer");
        return """
                gateway: {productKey: %s, deviceSecret: %s, serialNumber: %s}
                cloud: {host: 127.0.0.1, port: %d, reconnectMinMillis: 200, reconnectMaxMillis: 500%s}
                buffer: {directory: "%s"}
                status: {port: -1%s}
                """.formatted(gatewayProductKey, gateway.path("deviceSecret").asString(),
                gateway.path("deviceKey").asString(), cloudPort, cloudOptions,
                buffer.toString().replace("\\", "/"), statusOptions);
    }

    /** Reads an edge file the way the edge does. */
    static EdgeConfig parse(String yaml) {
        return new EdgeConfigLoader().parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "edge.yaml");
    }

    static void await(Duration atMost, Duration every, BooleanSupplier condition) {
        Await.atMost(atMost).pollingEvery(every).until("condition", condition::getAsBoolean);
    }

    private String product(String type) {
        var r = tenant.app().post("/connect-service/v2.1/products", Map.of("action", "create",
                "orgId", tenant.orgId()), Map.of("productName", Map.of("defaultValue", "edge " + type),
                "productType", type, "dataFormat", "Json", "modelId", modelId, "biDirectionalAuth", false));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data().asString();
    }

    private JsonNode createDevice(String productKey) {
        var r = tenant.app().post("/connect-service/v2.1/devices", Map.of("action", "create",
                "orgId", tenant.orgId()), Map.of("productKey", productKey, "deviceName", Map.of("defaultValue", "d")));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data();
    }
}
