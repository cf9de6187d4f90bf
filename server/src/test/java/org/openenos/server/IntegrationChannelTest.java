package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/**
 * The integration channel as a third-party system speaks it (enos-protocol.md): an MQTT login in secure mode 4 with
 * deviceKey {@code %channel%} and the product secret (§1.2, "securemode … 4 = product secret on an integration
 * channel"), then {@code /sys/{pk}/integration/measurepoint|event|attribute/post} with an array of items for many
 * devices (§3.1, last rows of the topic table); and the connect-service {@code integration?action=postMeasurepoint|
 * postEvent|postAttribute} with a multipart {@code enos-message} part (§6.2 "integration", §4 "Files" for the part).
 */
class IntegrationChannelTest extends ConnectivityTestBase {

    @Test
    void aSecureMode4ChannelPostsMeasurepointsEventsAndAttributesForManyDevicesOfItsProduct() throws Exception {
        Tenant t = newTenant();
        List<DeviceInfo> devices = devices(t, "integration_mqtt", false, 2);
        DeviceInfo a = devices.get(0);
        DeviceInfo b = devices.get(1);
        try (Channel channel = new Channel(gateway.port(), a.productKey(), productSecret(t, a.productKey()))) {
            JsonNode posted = channel.request("measurepoint/post", "integration.measurepoint.post", """
                    [{"deviceKey":"%s","measurepoints":{"power":11.5},"time":1700000000000},
                     {"deviceKey":"%s","measurepoints":{"power":22.5,"temp":40.0},"time":1700000000000}]
                    """.formatted(a.deviceKey(), b.deviceKey()), "1");
            assertThat(posted.path("code").asInt()).as(posted.toString()).isEqualTo(200);
            assertThat(latest(t, a.assetId(), "power")).isEqualTo(11.5);
            assertThat(latest(t, b.assetId(), "power")).isEqualTo(22.5);

            // one bad item fails the whole request with its code, and nothing of it is stored (§3.1 doc note)
            JsonNode refused = channel.request("measurepoint/post", "integration.measurepoint.post", """
                    [{"deviceKey":"%s","measurepoints":{"power":99.0},"time":1700000001000},
                     {"deviceKey":"%s","measurepoints":{"no_such_point":1},"time":1700000001000}]
                    """.formatted(a.deviceKey(), b.deviceKey()), "2");
            assertThat(refused.path("code").asInt()).as(refused.toString()).isEqualTo(1204);
            JsonNode later = channel.request("measurepoint/post", "integration.measurepoint.post", """
                    [{"deviceKey":"%s","measurepoints":{"temp":41.0},"time":1700000002000}]
                    """.formatted(b.deviceKey()), "3");
            assertThat(later.path("code").asInt()).isEqualTo(200);
            awaitLatest(t, b.assetId(), "temp", 41.0);
            assertThat(latest(t, a.assetId(), "power")).as("the refused request stored nothing").isEqualTo(11.5);

            JsonNode event = channel.request("event/post", "integration.event.post", """
                    [{"deviceKey":"%s","time":1700000003000,"events":{"overheat":{"temp":90.5}}}]
                    """.formatted(b.deviceKey()), "4");
            assertThat(event.path("code").asInt()).as(event.toString()).isEqualTo(200);
            var events = t.app().post("/connect-service/v2.1/events", Map.of("action", "search", "orgId", t.orgId()),
                    Map.of("assetId", b.assetId()));
            assertThat(events.data().get(0).path("tslEventKey").asString()).isEqualTo("overheat");
            assertThat(events.data().get(0).path("output").path("temp").asDouble()).isEqualTo(90.5);

            JsonNode attribute = channel.request("attribute/post", "integration.attribute.post", """
                    [{"deviceKey":"%s","attributes":{"ratedPower":5.5}}]
                    """.formatted(a.deviceKey()), "5");
            assertThat(attribute.path("code").asInt()).as(attribute.toString()).isEqualTo(200);
            var device = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                    "assetId", a.assetId()), Map.of());
            assertThat(device.data().path("deviceAttributes").path("ratedPower").asDouble()).isEqualTo(5.5);
        }
    }

    @Test
    void aChannelCannotReachAnotherOrganizationsDevicesNorSpeakOnDeviceTopicsAndDevicesCannotUseTheChannel()
            throws Exception {
        Tenant t = newTenant();
        DeviceInfo own = devices(t, "integration_scope", false, 1).getFirst();
        Tenant other = newTenant();
        DeviceInfo foreign = devices(other, "integration_scope", false, 1).getFirst();
        try (Channel channel = new Channel(gateway.port(), own.productKey(), productSecret(t, own.productKey()))) {
            JsonNode byKeys = channel.request("measurepoint/post", "integration.measurepoint.post", """
                    [{"productKey":"%s","deviceKey":"%s","measurepoints":{"power":1.0}}]
                    """.formatted(foreign.productKey(), foreign.deviceKey()), "1");
            assertThat(byKeys.path("code").asInt()).isEqualTo(1257);
            JsonNode byAsset = channel.request("measurepoint/post", "integration.measurepoint.post", """
                    [{"assetId":"%s","measurepoints":{"power":1.0}}]""".formatted(foreign.assetId()), "2");
            assertThat(byAsset.path("code").asInt()).isEqualTo(1257);
            String deviceTopic = "/sys/" + own.productKey() + "/%channel%/thing/measurepoint/post";
            JsonNode onDeviceTopic = channel.publish(deviceTopic, request("3", "thing.measurepoint.post",
                    "{\"measurepoints\":{\"power\":1.0}}"), "3");
            assertThat(onDeviceTopic.path("code").asInt()).isEqualTo(1009);
        }
        try (MqttTestDevice device = connect(own)) {
            String topic = "/sys/" + own.productKey() + "/integration/measurepoint/post";
            // a device may not even subscribe there; the reply is pushed to it anyway (§2)
            device.publish(topic, request("9", "integration.measurepoint.post",
                    "[{\"deviceKey\":\"" + own.deviceKey() + "\",\"measurepoints\":{\"power\":1.0}}]"));
            assertThat(device.next(topic + "_reply").path("code").asInt()).isEqualTo(1009);
        }
    }

    @Test
    void theHttpIntegrationApiStoresTheGoodItemsAndAnswersEachBadOneWithItsOwnCode() throws Exception {
        Tenant t = newTenant();
        List<DeviceInfo> devices = devices(t, "integration_http", false, 2);
        DeviceInfo a = devices.get(0);
        DeviceInfo b = devices.get(1);
        Tenant other = newTenant();
        DeviceInfo foreign = devices(other, "integration_http", false, 1).getFirst();
        String message = """
                {"id":"1","version":"1.0","method":"integration.measurepoint.post","params":[
                  {"assetId":"%s","time":1700000000000,"measurepoints":{"power":5.25}},
                  {"productKey":"%s","deviceKey":"%s","time":1700000000000,"measurepoints":{"temp":33.5}},
                  {"assetId":"%s","time":1700000000000,"measurepoints":{"power":1.0}},
                  {"assetId":"%s","time":1700000000000,"measurepoints":{"power":"not a number"}}]}
                """.formatted(a.assetId(), b.productKey(), b.deviceKey(), foreign.assetId(), b.assetId());
        var r = t.app().multipart("/connect-service/v2.1/integration", Map.of("action", "postMeasurepoint",
                "orgId", t.orgId()), Map.of("enos-message", message));
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode items = r.body().path("data");
        assertThat(items.get(0).path("code").asInt()).isZero();
        assertThat(items.get(0).path("data").path("assetId").asString()).isEqualTo(a.assetId());
        assertThat(items.get(1).path("code").asInt()).isZero();
        assertThat(items.get(1).path("data").path("assetId").asString()).isEqualTo(b.assetId());
        assertThat(items.get(2).path("code").asInt()).as("another organization's device").isEqualTo(1257);
        assertThat(items.get(2).path("data").isMissingNode() || items.get(2).path("data").isNull()).isTrue();
        assertThat(items.get(3).path("code").asInt()).isEqualTo(1204);
        assertThat(r.body().path("successSize").asInt()).isEqualTo(2);
        assertThat(latest(t, a.assetId(), "power")).isEqualTo(5.25);
        assertThat(latest(t, b.assetId(), "temp")).isEqualTo(33.5);

        var event = t.app().multipart("/connect-service/v2.1/integration", Map.of("action", "postEvent",
                "orgId", t.orgId()), Map.of("enos-message", """
                {"method":"integration.event.post","params":[
                  {"assetId":"%s","time":1700000005000,"events":{"overheat":{"temp":77.0}}}]}
                """.formatted(a.assetId())));
        assertThat(event.body().path("data").get(0).path("code").asInt()).as(event.toString()).isZero();
        var events = t.app().post("/connect-service/v2.1/events", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("assetId", a.assetId()));
        assertThat(events.data().get(0).path("output").path("temp").asDouble()).isEqualTo(77.0);

        var attribute = t.app().multipart("/connect-service/v2.1/integration", Map.of("action", "postAttribute",
                "orgId", t.orgId()), Map.of("enos-message", """
                {"method":"integration.attribute.post","params":[{"assetId":"%s","attributes":{"ratedPower":3.0}}]}
                """.formatted(b.assetId())));
        assertThat(attribute.body().path("data").get(0).path("code").asInt()).as(attribute.toString()).isZero();
        var device = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                "assetId", b.assetId()), Map.of());
        assertThat(device.data().path("deviceAttributes").path("ratedPower").asDouble()).isEqualTo(3.0);

        var intruder = other.app().multipart("/connect-service/v2.1/integration", Map.of("action",
                "postMeasurepoint", "orgId", t.orgId()), Map.of("enos-message", message));
        assertThat(intruder.code()).as("another organization's application").isEqualTo(99403);
        var broken = t.app().multipart("/connect-service/v2.1/integration", Map.of("action", "postMeasurepoint",
                "orgId", t.orgId()), Map.of("enos-message", "{\"params\":"));
        assertThat(broken.code()).isEqualTo(99400);
    }

    private static String productSecret(Tenant t, String productKey) {
        var p = t.app().post("/connect-service/v2.1/products", Map.of("action", "get", "orgId", t.orgId(),
                "productKey", productKey), Map.of());
        assertThat(p.ok()).as(p.toString()).isTrue();
        return p.data().path("productSecret").asString();
    }

    private static void awaitLatest(Tenant t, String assetId, String point, double expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (latest(t, assetId, point) != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(latest(t, assetId, point)).isEqualTo(expected);
    }

    private static double latest(Tenant t, String assetId, String point) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            var r = t.app().post("/tsdb-service/v2.1/latest", Map.of("orgId", t.orgId()),
                    Map.of("assetIds", assetId, "pointIds", point));
            JsonNode items = r.body().path("data").path("items");
            if (!items.isEmpty() || System.nanoTime() > deadline) {
                assertThat(items.isEmpty()).as("no latest value of " + point).isFalse();
                return items.get(0).path("value").asDouble();
            }
            Thread.sleep(100);
        }
    }

    /** A third-party system's MQTT connection in secure mode 4: clientId keyed by productKey (§1.2). */
    private static final class Channel implements AutoCloseable {
        private final MqttClient client;
        private final String productKey;
        private final LinkedBlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();

        Channel(int port, String productKey, String productSecret) throws Exception {
            this.productKey = productKey;
            String ts = String.valueOf(System.currentTimeMillis());
            client = new MqttClient("tcp://127.0.0.1:" + port, productKey + "|securemode=4,signmethod=sha256,"
                    + "timestamp=" + ts + "|", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName("%channel%&" + productKey);
            options.setPassword(DeviceSigner.sign(Map.of("clientId", productKey, "deviceKey", "%channel%",
                    "productKey", productKey, "timestamp", ts), productSecret, SignMethod.SHA256).toCharArray());
            options.setAutomaticReconnect(false);
            // replies arrive whether subscribed or not (§2: the server pushes them)
            client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                    replies.add(ApiClient.JSON.readTree(message.getPayload()));
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            client.connect(options);
        }

        JsonNode request(String suffix, String method, String params, String id) throws Exception {
            return publish("/sys/" + productKey + "/integration/" + suffix, ConnectivityTestBase.request(id, method, params), id);
        }

        JsonNode publish(String topic, String payload, String id) throws Exception {
            if (topic.contains("/integration/")) {
                client.subscribe(topic + "_reply", 1);
            }
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsonNode reply = replies.poll(100, TimeUnit.MILLISECONDS);
                if (reply != null && id.equals(reply.path("id").asString())) {
                    return reply;
                }
            }
            throw new AssertionError("no reply to " + id + " on " + topic);
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }
}
