package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/** Device status, the connection log and device events, as a real MQTT device causes them and the API shows them. */
class DeviceEventsApiTest extends ConnectivityTestBase {

    @Test
    void connectingAndDisconnectingUpdatesStatusTimesAndTheConnectionLog() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "ev_conn", false, 1).getFirst();
        try (MqttTestDevice ignored = connect(d)) {
            JsonNode online = device(t, d);
            assertThat(online.path("status").asString()).isEqualTo("online");
            assertThat(online.path("lastOnlineTime").asLong()).isPositive();
            assertThat(online.path("activeTime").asLong()).isPositive();
        }
        JsonNode offline = awaitStatus(t, d, "offline");
        assertThat(offline.path("lastOfflineTime").asLong()).isGreaterThanOrEqualTo(offline.path("lastOnlineTime").asLong());
        var log = t.app().post("/connect-service/v2.1/device-connection-events", Map.of("action", "search", "orgId",
                t.orgId()), Map.of("assetId", d.assetId()));
        assertThat(log.ok()).as(log.toString()).isTrue();
        assertThat(log.data()).hasSize(2);
        assertThat(log.data().get(0).path("eventType").asString()).isEqualTo("OFFLINE");
        assertThat(log.data().get(1).path("eventType").asString()).isEqualTo("ONLINE");
        assertThat(log.data().get(1).path("clientAddress").asString()).startsWith("127.0.0.1:");
        assertThat(log.data().get(1).path("transport").asString()).isEqualTo("MQTT");
        var onlyOnline = t.app().post("/connect-service/v2.1/device-connection-events", Map.of("action", "search",
                "orgId", t.orgId()), Map.of("eventType", "online"));
        assertThat(onlyOnline.data()).hasSize(1);
        Tenant other = newTenant();
        var foreign = other.app().post("/connect-service/v2.1/device-connection-events", Map.of("action", "search",
                "orgId", other.orgId()), Map.of());
        assertThat(foreign.data()).isEmpty();
    }

    @Test
    void postedEventsAreStoredAndSearchableInTheDevicesTimezone() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "ev_post", false, 1).getFirst();
        try (MqttTestDevice device = connect(d)) {
            String topic = d.topic("thing/event/overheat/post");
            device.publish(topic, request("5", "thing.event.overheat.post",
                    "{\"events\":{\"temp\":90.5},\"time\":1700000000000}"));
            JsonNode reply = device.next(topic + "_reply");
            assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
            device.publish(topic, request("6", "thing.event.overheat.post", "{\"events\":{\"temp\":\"hot\"}}"));
            assertThat(device.next(topic + "_reply").path("code").asInt()).isEqualTo(1204);
        }
        var found = t.app().post("/connect-service/v2.1/events", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("productKey", d.productKey(), "deviceKey", d.deviceKey(), "tslEventType", "WARN"));
        assertThat(found.ok()).as(found.toString()).isTrue();
        assertThat(found.data()).hasSize(1);
        JsonNode event = found.data().get(0);
        assertThat(event.path("tslEventKey").asString()).isEqualTo("overheat");
        assertThat(event.path("assetId").asString()).isEqualTo(d.assetId());
        assertThat(event.path("output").path("temp").asDouble()).isEqualTo(90.5);
        assertThat(event.path("timestamp").asLong()).isEqualTo(1700000000000L);
        assertThat(event.path("localtime").asString()).isEqualTo("2023-11-15 06:13:20");
        var got = t.app().post("/connect-service/v2.1/events", Map.of("action", "get", "orgId", t.orgId(),
                "eventId", event.path("eventId").asString()), null);
        assertThat(got.data().path("tslEventKey").asString()).isEqualTo("overheat");
        var none = t.app().post("/connect-service/v2.1/events", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("assetId", d.assetId(), "endTime", 1600000000000L));
        assertThat(none.data()).isEmpty();
        Tenant other = newTenant();
        var foreign = other.app().post("/connect-service/v2.1/events", Map.of("action", "get", "orgId",
                other.orgId(), "eventId", event.path("eventId").asString()), null);
        assertThat(foreign.status()).isEqualTo(404);
    }

    private JsonNode device(Tenant t, DeviceInfo d) {
        return t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(), "assetId",
                d.assetId()), null).data();
    }

    private JsonNode awaitStatus(Tenant t, DeviceInfo d, String status) throws InterruptedException {
        return Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100))
                .until("device status " + status, () -> device(t, d),
                        last -> last.path("status").asString().equals(status));
    }
}
