package org.openenos.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.openenos.server.ApiClient;
import org.openenos.testkit.ApiFixtures;
import org.openenos.testkit.Await;
import tools.jackson.databind.JsonNode;

/** Models, products and devices the SDK tests need, created over the REST API like a user would. */
final class SdkFixtures {
    private SdkFixtures() {
    }

    static void createModel(ApiClient app, String orgId, String modelId) {
        fixtures(app, orgId).createTurbineModel(modelId);
    }

    /** A product; returns {productKey, productSecret}. */
    static String[] createProduct(ApiClient app, String orgId, String modelId, String type, boolean dynamic) {
        ApiFixtures.CreatedProduct product = fixtures(app, orgId).createProduct(modelId, type, dynamic);
        return new String[] {product.productKey(), product.productSecret()};
    }

    /** A device; returns {deviceKey, deviceSecret, assetId}. */
    static String[] createDevice(ApiClient app, String orgId, String productKey, String deviceKey) {
        ApiFixtures.CreatedDevice device = fixtures(app, orgId).createDevice(productKey, deviceKey);
        return new String[] {device.deviceKey(), device.deviceSecret(), device.assetId()};
    }

    private static ApiFixtures fixtures(ApiClient app, String orgId) {
        return new ApiFixtures((path, params, body) -> app.post(path, params, body).body(), orgId);
    }

    /**
     * Rows of the raw TSDB API once there are at least {@code expected}: an acknowledgement means durable in the
     * telemetry log, and the store catches up a moment later.
     */
    static JsonNode rawEventually(ApiClient app, String orgId, String assetId, String pointId, int expected)
            throws InterruptedException {
        return Await.atMost(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(100))
                .lastOf(() -> raw(app, orgId, assetId, pointId), rows -> rows.size() >= expected);
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
