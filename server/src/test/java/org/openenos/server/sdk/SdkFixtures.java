package org.openenos.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openenos.server.ApiClient;
import tools.jackson.databind.JsonNode;

/** Models, products and devices the SDK tests need, created over the REST API like a user would. */
final class SdkFixtures {
    private SdkFixtures() {
    }

    static Map<String, Object> turbineModel(String modelId) {
        Map<String, Object> name = Map.of("defaultValue", modelId);
        return Map.of("modelId", modelId, "name", name,
                "attributes", Map.of("ratedPower", Map.of("name", name, "dataType", "DOUBLE", "isRequired", false)),
                "measurepoints", Map.of(
                        "power", Map.of("identifier", "power", "name", name, "dataType", "DOUBLE", "signalType", "AI"),
                        "temp", Map.of("identifier", "temp", "name", name, "dataType", "DOUBLE", "signalType", "AI")),
                "events", Map.of("fault", Map.of("identifier", "fault", "name", name, "eventType", "ERROR",
                        "outputData", List.of(Map.of("identifier", "code", "name", name, "dataType", "INT")))),
                "services", Map.of("restart", Map.of("identifier", "restart", "name", name, "callType", "SYNC",
                        "inputData", List.of(Map.of("identifier", "delay", "name", name, "dataType", "INT")),
                        "outputData", List.of(Map.of("identifier", "accepted", "name", name, "dataType", "BOOL")))));
    }

    static void createModel(ApiClient app, String orgId, String modelId) {
        var r = app.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                turbineModel(modelId));
        assertThat(r.ok()).as("model create %s", r).isTrue();
    }

    /** A product; returns {productKey, productSecret}. */
    static String[] createProduct(ApiClient app, String orgId, String modelId, String type, boolean dynamic) {
        var r = app.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId),
                Map.of("productName", Map.of("defaultValue", "p " + modelId), "productType", type,
                        "dataFormat", "Json", "modelId", modelId, "dynamicActivateEnabled", dynamic));
        assertThat(r.ok()).as("product create %s", r).isTrue();
        String productKey = r.data().asString();
        var got = app.post("/connect-service/v2.1/products", Map.of("action", "get", "orgId", orgId,
                "productKey", productKey), null);
        return new String[] {productKey, got.data().path("productSecret").asString()};
    }

    /** A device; returns {deviceKey, deviceSecret, assetId}. */
    static String[] createDevice(ApiClient app, String orgId, String productKey, String deviceKey) {
        var r = app.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                Map.of("productKey", productKey, "deviceKey", deviceKey, "timezone", "+00:00",
                        "deviceName", Map.of("defaultValue", deviceKey)));
        assertThat(r.ok()).as("device create %s", r).isTrue();
        return new String[] {deviceKey, r.data().path("deviceSecret").asString(), r.data().path("assetId").asString()};
    }

    /**
     * Rows of the raw TSDB API once there are at least {@code expected}: an acknowledgement means durable in the
     * telemetry log, and the store catches up a moment later.
     */
    static JsonNode rawEventually(ApiClient app, String orgId, String assetId, String pointId, int expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode rows = raw(app, orgId, assetId, pointId);
        while (rows.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            rows = raw(app, orgId, assetId, pointId);
        }
        return rows;
    }

    /** Rows of the raw TSDB API for one point of one asset over the last hour and the next minute. */
    static JsonNode raw(ApiClient app, String orgId, String assetId, String pointId) {
        var r = app.post("/tsdb-service/v2.1/raw", Map.of("orgId", orgId), Map.of("assetIds", assetId,
                "pointIds", pointId, "startTime", Instant.now().minusSeconds(3600).toString().replace("Z", "+00:00"),
                "endTime", Instant.now().plusSeconds(60).toString().replace("Z", "+00:00"), "pageSize", 10000));
        assertThat(r.ok()).as("raw %s", r).isTrue();
        return r.data().path("items");
    }
}
