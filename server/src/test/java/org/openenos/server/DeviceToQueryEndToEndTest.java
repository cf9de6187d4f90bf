package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.beans.factory.annotation.Autowired;

/** From a real MQTT post to the TSDB API answer, through the whole embedded pipeline. */
class DeviceToQueryEndToEndTest extends ServerTestBase {
    @Autowired
    MqttGateway gateway;

    @Test
    void pointsPostedOverMqttAreAcknowledgedStoredAndQueryable() throws Exception {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("e2e_inv"));
        String pk = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", "e2e_inv")).data().asString();
        var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", pk, "deviceKey", "e2e-1", "deviceName", Map.of("defaultValue", "d")));
        String assetId = dev.data().path("assetId").asString();
        long t0 = Instant.now().minusSeconds(600).toEpochMilli();
        try (MqttTestDevice device = MqttTestDevice.connect(gateway.port(), pk, "e2e-1",
                dev.data().path("deviceSecret").asString())) {
            for (int i = 0; i < 20; i++) {
                var reply = device.request("thing/measurepoint/post", "thing.measurepoint.post",
                        Map.of("measurepoints", Map.of("power", i * 1.5, "temp", 20 + i), "time", t0 + i * 1000L),
                        String.valueOf(i));
                assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
            }
            var invalid = device.request("thing/measurepoint/post", "thing.measurepoint.post",
                    Map.of("measurepoints", Map.of("nope", 1.0)), "bad");
            assertThat(invalid.path("code").asInt()).isIn(1204, 1206);

            var status = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                    "assetId", assetId), null);
            assertThat(status.data().path("status").asString()).isEqualTo("online");
        }
        var raw = awaitRaw(t, assetId, t0, 20);
        assertThat(raw.data().path("items").size()).isEqualTo(20);
        assertThat(raw.data().path("items").get(19).path("power").asDouble()).isEqualTo(28.5);
        var latest = t.app().post("/tsdb-service/v2.1/latest", Map.of("orgId", t.orgId()),
                Map.of("assetIds", assetId, "pointIds", "temp"));
        assertThat(latest.toString()).contains("39");
        var otherOrg = newTenant().app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()),
                Map.of("assetIds", assetId, "pointIds", "power", "startTime", "2020-01-01T00:00:00Z",
                        "endTime", "2030-01-01T00:00:00Z"));
        assertThat(otherOrg.code()).isEqualTo(99403);
    }

    private ApiClient.Response awaitRaw(Tenant t, String assetId, long t0, int expected) throws InterruptedException {
        return Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100))
                .lastOf(() -> t.app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()),
                        Map.of("assetIds", assetId, "pointIds", "power",
                                "startTime", Instant.ofEpochMilli(t0 - 1000).toString(),
                                "endTime", Instant.ofEpochMilli(t0 + 60_000).toString(), "pageSize", 1000,
                                "itemFormat", 0)),
                        r -> r.data().path("items").size() >= expected);
    }
}
