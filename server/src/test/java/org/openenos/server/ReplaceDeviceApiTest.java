package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/**
 * EnOS "Replace Device" as an application calls it (enos-protocol.md §6.2, connection service "devices:
 * ?action=…|replaceDevice", device chosen by assetId or productKey+deviceKey; body {@code {newDeviceKey}}): the asset
 * and its data stay, the key and secret are new, the device is not activated any more (§1.1 status "inactive"), and
 * the old credentials no longer log in (§1.2).
 */
class ReplaceDeviceApiTest extends ConnectivityTestBase {

    @Test
    void aReplacedDeviceKeepsItsAssetAndDataAndLogsInOnlyWithItsNewKeyAndSecret() throws Exception {
        Tenant t = newTenant();
        DeviceInfo old = devices(t, "replace_device", false, 1).getFirst();
        MqttTestDevice unit = connect(old);
        JsonNode posted = unit.request("thing/measurepoint/post", "thing.measurepoint.post",
                Map.of("measurepoints", Map.of("power", 4.5), "time", 1_700_000_000_000L), "1");
        assertThat(posted.path("code").asInt()).isEqualTo(200);

        var r = t.app().post("/connect-service/v2.1/devices", Map.of("action", "replaceDevice", "orgId", t.orgId(),
                "productKey", old.productKey(), "deviceKey", old.deviceKey()), Map.of("newDeviceKey", "unit-b-0001"));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.data().path("assetId").asString()).isEqualTo(old.assetId());
        assertThat(r.data().path("productKey").asString()).isEqualTo(old.productKey());
        assertThat(r.data().path("deviceKey").asString()).isEqualTo("unit-b-0001");
        String newSecret = r.data().path("deviceSecret").asString();
        assertThat(newSecret).isNotBlank().isNotEqualTo(old.deviceSecret());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (unit.isConnected() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(unit.isConnected()).as("the connection made with the old key is closed").isFalse();
        unit.close();
        assertThatThrownBy(() -> connect(old)).as("the old key and secret").isInstanceOf(Exception.class);

        var device = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                "assetId", old.assetId()), Map.of());
        assertThat(device.data().path("deviceKey").asString()).isEqualTo("unit-b-0001");
        awaitStatus(t, old.assetId(), "inactive");

        DeviceInfo replacement = new DeviceInfo(t.orgId(), old.productKey(), "unit-b-0001", newSecret, old.assetId());
        try (MqttTestDevice next = connect(replacement)) {
            JsonNode again = next.request("thing/measurepoint/post", "thing.measurepoint.post",
                    Map.of("measurepoints", Map.of("power", 6.5), "time", 1_700_000_060_000L), "2");
            assertThat(again.path("code").asInt()).isEqualTo(200);
        }
        // acknowledged means durable in the log; the store catches up a moment later
        java.util.List<String> stored = java.util.List.of();
        long storedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stored.size() < 2 && System.nanoTime() < storedBy) {
            var raw = t.app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), Map.of("assetIds",
                    old.assetId(), "pointIds", "power", "startTime", "2023-11-14T00:00:00Z", "endTime",
                    "2023-11-16T00:00:00Z", "pageSize", 10));
            stored = raw.body().path("data").path("items").findValuesAsString("assetId");
            if (stored.size() < 2) {
                Thread.sleep(100);
            }
        }
        assertThat(stored).as("the old and the new unit's data under one asset").hasSize(2);
    }

    @Test
    void aReplacementKeyThatIsTakenOrMalformedOrADeviceOfAnotherOrganizationIsRefused() {
        Tenant t = newTenant();
        var devices = devices(t, "replace_refused", false, 2);
        DeviceInfo a = devices.get(0);
        DeviceInfo b = devices.get(1);
        var taken = t.app().post("/connect-service/v2.1/devices", Map.of("action", "replaceDevice", "orgId",
                t.orgId(), "assetId", a.assetId()), Map.of("newDeviceKey", b.deviceKey()));
        assertThat(taken.code()).isEqualTo(11702);
        var malformed = t.app().post("/connect-service/v2.1/devices", Map.of("action", "replaceDevice", "orgId",
                t.orgId(), "assetId", a.assetId()), Map.of("newDeviceKey", "a/b"));
        assertThat(malformed.code()).isEqualTo(99400);
        Tenant other = newTenant();
        var foreign = other.app().post("/connect-service/v2.1/devices", Map.of("action", "replaceDevice", "orgId",
                other.orgId(), "assetId", a.assetId()), Map.of("newDeviceKey", "stolen-001"));
        assertThat(foreign.code()).isEqualTo(99404);
        var unchanged = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                "assetId", a.assetId()), Map.of());
        assertThat(unchanged.data().path("deviceKey").asString()).isEqualTo(a.deviceKey());
    }

    private static void awaitStatus(Tenant t, String assetId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String seen = null;
        while (System.nanoTime() < deadline) {
            seen = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                    "assetId", assetId), Map.of()).data().path("status").asString();
            if (status.equals(seen)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(seen).isEqualTo(status);
    }
}
