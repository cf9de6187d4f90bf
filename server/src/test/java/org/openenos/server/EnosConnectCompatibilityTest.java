package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/**
 * What EnOS devices and applications send, in the wire shapes of the EnOS reference (enos-protocol.md): a gateway's
 * batch post with its flags at the top level of the message (§3.1, topic table: "plus top-level
 * allowOfflineSubDevice, skipInvalidMeasurepoints"), payloads compressed as the clientId announces (§1.2, §2
 * "Compression"), and the connect-service's {@code queryLatest} (§6.2).
 */
class EnosConnectCompatibilityTest extends ConnectivityTestBase {

    @Test
    void aBatchPostWithTopLevelFlagsStoresAnOfflineSubDevicesValidPointsAndSkipsTheUnknownOne() throws Exception {
        Tenant t = newTenant();
        var gatewayAndSub = gatewayWithSubDevice(t, "batch_flags");
        DeviceInfo gw = gatewayAndSub.getFirst();
        DeviceInfo sub = gatewayAndSub.getLast();
        try (MqttTestDevice device = MqttTestDevice.connect(gateway.port(), gw.productKey(), gw.deviceKey(), gw.deviceSecret())) {
            long now = System.currentTimeMillis();
            // exactly as the EnOS SDK's MeasurepointPostBatchRequest serializes it: the flags beside params
            String payload = """
                    {"id":"71","version":"1.0","method":"thing.measurepoint.post.batch",
                     "params":[{"productKey":"%s","deviceKey":"%s","measurepoints":{"power":12.5,"no_such_point":1},
                                "time":%d}],
                     "allowOfflineSubDevice":true,"skipInvalidMeasurepoints":true}
                    """.formatted(sub.productKey(), sub.deviceKey(), now);
            JsonNode reply = publish(device, gw.topic("thing/measurepoint/post/batch"), payload, "71");
            assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
            assertThat(latest(t, sub.assetId(), "power")).isEqualTo(12.5);

            String strict = """
                    {"id":"72","version":"1.0","method":"thing.measurepoint.post.batch",
                     "params":[{"productKey":"%s","deviceKey":"%s","measurepoints":{"power":13.5},"time":%d}]}
                    """.formatted(sub.productKey(), sub.deviceKey(), now + 1);
            JsonNode refused = publish(device, gw.topic("thing/measurepoint/post/batch"), strict, "72");
            assertThat(refused.path("code").asInt()).as("an offline sub-device without the flag")
                    .isEqualTo(1212);
        }
    }

    @Test
    void queryLatestOnTheConnectServiceAnswersTheLatestValueOfEachPointOfTheDevice() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "query_latest", false, 1).getFirst();
        try (MqttTestDevice device = MqttTestDevice.connect(gateway.port(), d.productKey(), d.deviceKey(), d.deviceSecret())) {
            JsonNode reply = device.request("thing/measurepoint/post", "thing.measurepoint.post",
                    Map.of("measurepoints", Map.of("power", 7.25, "temp", 31.0), "time", 1_700_000_000_000L), "1");
            assertThat(reply.path("code").asInt()).isEqualTo(200);
        }
        assertThat(latest(t, d.assetId(), "power")).isEqualTo(7.25);

        var some = t.app().post("/connect-service/v2.1/measurepoints", Map.of("action", "queryLatest", "orgId",
                t.orgId(), "assetId", d.assetId()), Map.of("measurepointIds", List.of("power")));
        assertThat(some.ok()).as(some.toString()).isTrue();
        assertThat(some.data().size()).isEqualTo(1);
        assertThat(some.data().get(0).path("id").asString()).isEqualTo("power");
        assertThat(some.data().get(0).path("time").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(some.data().get(0).path("value").asDouble()).isEqualTo(7.25);

        var all = t.app().post("/connect-service/v2.1/measurepoints", Map.of("action", "queryLatest", "orgId",
                t.orgId(), "productKey", d.productKey(), "deviceKey", d.deviceKey()), Map.of());
        assertThat(all.data().findValuesAsString("id")).containsExactlyInAnyOrder("power", "temp");

        Tenant other = newTenant();
        var foreign = other.app().post("/connect-service/v2.1/measurepoints", Map.of("action", "queryLatest",
                "orgId", other.orgId(), "assetId", d.assetId()), Map.of());
        assertThat(foreign.ok()).as("another organization's device").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GZIP", "LZ4"})
    void aDeviceThatCompressesItsPayloadsIsAnsweredCompressedTheSameWay(String compress) throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "compressed_" + compress.toLowerCase(), false, 1).getFirst();
        // the clientId the EnOS Java SDK builds (reference §1.2 test vector), with the compression it announces
        String cid = d.deviceKey() + "{ip=127.0.0.1,version=enos-mqtt-2.2.16,compress=" + compress + "}";
        String ts = String.valueOf(System.currentTimeMillis());
        var inbox = new java.util.concurrent.LinkedBlockingQueue<MqttMessage>();
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + gateway.port(),
                cid + "|securemode=2,signmethod=sha256,timestamp=" + ts + "|", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(d.deviceKey() + "&" + d.productKey());
        options.setPassword(DeviceSigner.sign(Map.of("clientId", cid, "deviceKey", d.deviceKey(), "productKey",
                d.productKey(), "timestamp", ts), d.deviceSecret(), SignMethod.SHA256).toCharArray());
        client.connect(options);
        try {
            String topic = d.topic("thing/measurepoint/post");
            client.subscribe(topic + "_reply", 1, (t2, message) -> inbox.add(message));
            byte[] json = ("{\"id\":\"31\",\"version\":\"1.0\",\"method\":\"thing.measurepoint.post\","
                    + "\"params\":{\"measurepoints\":{\"power\":3.5},\"time\":1700000000000}}")
                    .getBytes(StandardCharsets.UTF_8);
            client.publish(topic, compress(compress, json), 1, false);
            MqttMessage reply = inbox.poll(10, TimeUnit.SECONDS);
            assertThat(reply).as("a reply").isNotNull();
            JsonNode body = ApiClient.JSON.readTree(decompress(compress, reply.getPayload()));
            assertThat(body.path("id").asString()).isEqualTo("31");
            assertThat(body.path("code").asInt()).as(body.toString()).isEqualTo(200);
            assertThat(latest(t, d.assetId(), "power")).isEqualTo(3.5);

            client.publish(topic, compress(compress, "{\"id\":\"32\",\"params\":{".getBytes(
                    StandardCharsets.UTF_8)), 1, false);
            JsonNode broken = ApiClient.JSON.readTree(decompress(compress, inbox.poll(10, TimeUnit.SECONDS)
                    .getPayload()));
            assertThat(broken.path("id").asString()).as("the id of a broken payload is still answered")
                    .isEqualTo("32");
            assertThat(broken.path("code").asInt()).isEqualTo(1220);
        } finally {
            client.disconnect();
            client.close();
        }
    }

    private static byte[] compress(String type, byte[] plain) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = type.equals("GZIP") ? new java.util.zip.GZIPOutputStream(bytes)
                : new net.jpountz.lz4.LZ4BlockOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    private static byte[] decompress(String type, byte[] packed) throws Exception {
        var in = new java.io.ByteArrayInputStream(packed);
        try (java.io.InputStream stream = type.equals("GZIP") ? new java.util.zip.GZIPInputStream(in)
                : new net.jpountz.lz4.LZ4BlockInputStream(in)) {
            return stream.readAllBytes();
        }
    }

    @Test
    void logsAndNetworkStatusThatDevicesPostAreKeptAndSearchableBesideTheConnectionLog() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devices(t, "device_logs", false, 1).getFirst();
        try (MqttTestDevice device = MqttTestDevice.connect(gateway.port(), d.productKey(), d.deviceKey(), d.deviceSecret())) {
            // reference §3 topic table: thing.log.post {logs:{traceId,level,module,content,…}, time}
            JsonNode logged = device.request("thing/log/post", "thing.log.post", Map.of("logs", Map.of("traceId",
                    "t-1", "level", "ERROR", "module", "inverter", "content", "DC link overvoltage"), "time",
                    1_700_000_000_000L), "41");
            assertThat(logged.path("code").asInt()).isEqualTo(200);
            JsonNode network = device.request("network/status/report", "network.status.report", Map.of(
                    "reportTime", 1_700_000_001_000L, "collectTime", 1_700_000_000_500L, "rssi", -71, "snr", 12,
                    "networkType", "4G"), "42");
            assertThat(network.path("code").asInt()).isEqualTo(200);
        }
        var logs = t.app().post("/connect-service/v2.1/device-logs", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("assetId", d.assetId(), "logType", "device"));
        assertThat(logs.ok()).as(logs.toString()).isTrue();
        assertThat(logs.data().size()).isEqualTo(1);
        assertThat(logs.data().get(0).path("level").asString()).isEqualTo("ERROR");
        assertThat(logs.data().get(0).path("content").path("content").asString()).isEqualTo("DC link overvoltage");
        assertThat(logs.data().get(0).path("time").asLong()).isEqualTo(1_700_000_000_000L);
        var status = t.app().post("/connect-service/v2.1/device-logs", Map.of("action", "search", "orgId",
                t.orgId()), Map.of("productKey", d.productKey(), "deviceKey", d.deviceKey(), "logType", "network"));
        assertThat(status.data().get(0).path("content").path("rssi").asInt()).isEqualTo(-71);
        var connections = t.app().post("/connect-service/v2.1/device-logs", Map.of("action", "search", "orgId",
                t.orgId()), Map.of("assetId", d.assetId()));
        assertThat(connections.data().findValuesAsString("eventType")).contains("ONLINE");
        Tenant other = newTenant();
        var foreign = other.app().post("/connect-service/v2.1/device-logs", Map.of("action", "search", "orgId",
                other.orgId()), Map.of("logType", "device"));
        assertThat(foreign.data().size()).as("another organization sees none of them").isZero();
    }

    /** A gateway and one sub-device attached to it through the topology API; the sub-device never logs in. */
    private List<DeviceInfo> gatewayWithSubDevice(Tenant t, String modelId) {
        var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel(modelId));
        assertThat(model.ok()).as(model.toString()).isTrue();
        DeviceInfo gw = device(t, product(t, modelId, "Gateway"));
        DeviceInfo sub = device(t, product(t, modelId, "Device"));
        var add = t.app().post("/connect-service/v2.1/device-topos", Map.of("action", "addSubDevice", "orgId",
                t.orgId(), "assetId", gw.assetId()), Map.of("subDevices", List.of(Map.of("assetId", sub.assetId()))));
        assertThat(add.ok()).as(add.toString()).isTrue();
        return List.of(gw, sub);
    }

    private static String product(Tenant t, String modelId, String type) {
        var r = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", type), "productType", type, "dataFormat", "Json",
                        "modelId", modelId, "biDirectionalAuth", false));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data().asString();
    }

    private static DeviceInfo device(Tenant t, String productKey) {
        var r = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", productKey, "deviceName", Map.of("defaultValue", "d")));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return new DeviceInfo(t.orgId(), productKey, r.data().path("deviceKey").asString(),
                r.data().path("deviceSecret").asString(), r.data().path("assetId").asString());
    }

    private static JsonNode publish(MqttTestDevice device, String topic, String payload, String id) throws Exception {
        device.client().subscribe(topic + "_reply", 1);
        device.client().publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            MqttTestDevice.Message m = device.received().poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.topic().equals(topic + "_reply") && id.equals(m.body().path("id").asString())) {
                return m.body();
            }
        }
        throw new AssertionError("no reply to " + id + " on " + topic);
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
}
