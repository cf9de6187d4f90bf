package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/**
 * A product with {@code dataFormat: Custom} (enos-protocol.md §1.1 "Custom means raw payloads converted by a JS
 * parsing script") speaking a little-endian binary protocol over real MQTT: §2 "Raw topics (model/up_raw,
 * model/down_raw) carry binary bodies with no id/method; the up_raw_reply is also raw", §3.1 {@code model/up_raw}
 * "raw bytes → raw bytes", §3.2 {@code model/down_raw} "raw → raw on down_raw_reply", §6 commands error 11810
 * "cannot encode for a custom-format product"; §4 HTTP device connection "application/octet-stream for up_raw".
 *
 * <p>Frames: 0x01 measurement = float32 power, int16 temperature in tenths, uint16 message id; 0x81 reply = uint16
 * code, uint16 id; 0x02 reboot command = int16 delay, then the command id as ASCII; 0x82 command reply = uint16 code,
 * then the command id as ASCII.
 */
class CustomFormatProductTest extends ConnectivityTestBase {
    static final String SCRIPT = """
            function ascii(view, from) {
              var s = '';
              for (var i = from; i < view.byteLength; i++) { s += String.fromCharCode(view.getUint8(i)); }
              return s;
            }
            function rawDataToProtocol(bytes) {
              var view = new DataView(new Uint8Array(bytes).buffer);
              var type = view.getUint8(0);
              if (type === 0x01) {
                return {id: String(view.getUint16(7, true)), version: '1.0', method: 'thing.measurepoint.post',
                        params: {time: 1700000000000,
                                 measurepoints: {power: Math.round(view.getFloat32(1, true) * 1000) / 1000,
                                                 temp: view.getInt16(5, true) / 10}}};
              }
              if (type === 0x82) {
                return {id: ascii(view, 3), code: view.getUint16(1, true), data: {result: 'rebooting'}};
              }
              throw new Error('unknown message type ' + type);
            }
            function protocolToRawData(message) {
              if (message.method === 'thing.service.reboot') {
                var out = [0x02, message.params.delay & 0xff, (message.params.delay >> 8) & 0xff];
                for (var i = 0; i < message.id.length; i++) { out.push(message.id.charCodeAt(i)); }
                return out;
              }
              if (message.method) { throw new Error('no frame for ' + message.method); }
              var reply = new DataView(new ArrayBuffer(5));
              reply.setUint8(0, 0x81);
              reply.setUint16(1, message.code, true);
              reply.setUint16(3, Number(message.id), true);
              return Array.from(new Uint8Array(reply.buffer));
            }
            """;
    private static final String PRODUCTS = "/connect-service/v2.1/products";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String COMMANDS = "/connect-service/v2.1/commands";

    @Test
    void aBinaryMeasurementIsStoredLikeAJsonOneAndACommandReachesTheDeviceAsABinaryFrame() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = customDevice(t, "custom_binary");
        var set = t.app().post(PRODUCTS, Map.of("action", "setScript", "orgId", t.orgId(), "productKey",
                d.productKey()), Map.of("script", SCRIPT));
        assertThat(set.ok()).as(set.toString()).isTrue();

        try (MqttTestDevice device = connect(d)) {
            device.client().subscribe(d.topic("thing/model/up_raw_reply"), 1);
            byte[] frame = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x01).putFloat(12.5f)
                    .putShort((short) -215).putShort((short) 77).array();
            device.publishRaw(d.topic("thing/model/up_raw"), frame);
            byte[] ack = device.nextRaw(d.topic("thing/model/up_raw_reply"));
            assertThat(ack).as("binary up_raw_reply: 0x81, code 200, id 77").isEqualTo(ByteBuffer.allocate(5)
                    .order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x81).putShort((short) 200).putShort((short) 77)
                    .array());

            // acknowledged data is durable; the query side may see it a moment later
            ApiClient.Response raw;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            do {
                raw = t.app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), Map.of("assetIds",
                        d.assetId(), "pointIds", "power,temp", "startTime", "2023-11-14T00:00:00Z", "endTime",
                        "2023-11-16T00:00:00Z", "pageSize", 10));
                assertThat(raw.ok()).as(raw.toString()).isTrue();
            } while (!bothPointsIn(raw.data().path("items")) && System.nanoTime() < deadline && sleep());
            JsonNode items = raw.body().path("data").path("items");
            assertThat(items.findValuesAsString("assetId")).as(raw.toString()).isNotEmpty();
            assertThat(items.findValues("power").getFirst().asDouble()).isEqualTo(12.5);
            assertThat(items.findValues("temp").getFirst().asDouble()).isEqualTo(-21.5);

            CompletableFuture<ApiClient.Response> call = CompletableFuture.supplyAsync(() -> t.app().post(COMMANDS,
                    Map.of("action", "invokeService", "orgId", t.orgId(), "assetId", d.assetId(), "serviceId",
                            "reboot", "timeout", 10), Map.of("inputData", Map.of("delay", 3))));
            byte[] command = device.nextRaw(d.topic("thing/model/down_raw"));
            assertThat(command[0]).isEqualTo((byte) 0x02);
            assertThat(ByteBuffer.wrap(command, 1, 2).order(ByteOrder.LITTLE_ENDIAN).getShort()).isEqualTo((short) 3);
            String commandId = new String(command, 3, command.length - 3, StandardCharsets.US_ASCII);
            byte[] answer = ByteBuffer.allocate(3 + commandId.length()).order(ByteOrder.LITTLE_ENDIAN)
                    .put((byte) 0x82).putShort((short) 200).put(commandId.getBytes(StandardCharsets.US_ASCII))
                    .array();
            device.publishRaw(d.topic("thing/model/down_raw_reply"), answer);
            ApiClient.Response response = call.get(15, TimeUnit.SECONDS);
            assertThat(response.ok()).as(response.toString()).isTrue();
            assertThat(response.data().path("commandId").asString()).isEqualTo(commandId);
            assertThat(response.data().path("outputData").path("result").asString()).isEqualTo("rebooting");

            var unencodable = t.app().post(COMMANDS, Map.of("action", "invokeService", "orgId", t.orgId(),
                    "assetId", d.assetId(), "serviceId", "flash"), Map.of("inputData", Map.of()));
            assertThat(unencodable.code()).as("the script has no frame for flash: " + unencodable)
                    .isEqualTo(11810);
        }
    }

    @Test
    void aScriptThatDoesNotCompileIsRefusedAndTheStoredOneStaysAndOtherOrganizationsSeeNothing() {
        Tenant t = newTenant();
        DeviceInfo d = customDevice(t, "custom_refused");
        var params = Map.of("orgId", t.orgId(), "productKey", d.productKey());
        var set = t.app().post(PRODUCTS, with(params, "setScript"), Map.of("script", SCRIPT));
        assertThat(set.ok()).as(set.toString()).isTrue();

        var broken = t.app().post(PRODUCTS, with(params, "setScript"), Map.of("script", "function rawDataTo("));
        assertThat(broken.code()).as(broken.toString()).isEqualTo(99400);
        var missing = t.app().post(PRODUCTS, with(params, "setScript"),
                Map.of("script", "function rawDataToProtocol(b) { return {}; }"));
        assertThat(missing.code()).isEqualTo(99400);
        assertThat(missing.body().path("msg").asString() + missing.body().path("message").asString())
                .contains("protocolToRawData");
        var kept = t.app().post(PRODUCTS, with(params, "getScript"), null);
        assertThat(kept.data().path("script").asString()).isEqualTo(SCRIPT);

        Tenant other = newTenant();
        var foreign = other.app().post(PRODUCTS, Map.of("action", "getScript", "orgId", other.orgId(),
                "productKey", d.productKey()), null);
        assertThat(foreign.code()).isEqualTo(99404);

        assertThat(t.app().post(PRODUCTS, with(params, "deleteScript"), null).ok()).isTrue();
        assertThat(t.app().post(PRODUCTS, with(params, "getScript"), null).code()).isEqualTo(99404);
    }

    @Test
    void anHttpDevicePostsABinaryFrameOnUpRawAndGetsTheBinaryReplyInTheResponse() throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = customDevice(t, "custom_http");
        assertThat(t.app().post(PRODUCTS, Map.of("action", "setScript", "orgId", t.orgId(), "productKey",
                d.productKey()), Map.of("script", SCRIPT)).ok()).isTrue();
        // §4 HTTP: sign in, then POST {base}/topic{mqttTopic}?sessionId=, application/octet-stream for up_raw
        String sign = DeviceSigner.sign(Map.of("deviceKey", d.deviceKey(), "lifetime", "300000", "productKey",
                d.productKey(), "signMethod", "sha256"), d.deviceSecret(), SignMethod.SHA256);
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/auth/" + d.productKey()
                        + "/" + d.deviceKey())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(Map.of("signMethod",
                        "sha256", "lifetime", 300000, "sign", sign)))).build(), HttpResponse.BodyHandlers.ofString());
        String sessionId = ApiClient.JSON.readTree(login.body()).path("data").path("sessionId").asString();
        assertThat(sessionId).as(login.body()).isNotBlank();
        String upRaw = base() + "/topic" + d.topic("thing/model/up_raw") + "?sessionId=" + sessionId;

        byte[] frame = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x01).putFloat(7.25f)
                .putShort((short) 183).putShort((short) 12).array();
        HttpResponse<byte[]> posted = HTTP.send(HttpRequest.newBuilder(URI.create(upRaw))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(frame))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(posted.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/octet-stream"));
        assertThat(posted.body()).as("binary up_raw_reply: 0x81, code 200, id 12").isEqualTo(ByteBuffer.allocate(5)
                .order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x81).putShort((short) 200).putShort((short) 12).array());
        JsonNode latest = Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100))
                .lastOf(() -> t.app().post("/tsdb-service/v2.1/latest", Map.of("orgId", t.orgId()),
                        Map.of("assetIds", d.assetId(), "pointIds", "power,temp")).body(),
                        body -> body.toString().contains("7.25"));
        assertThat(latest.toString()).contains("7.25").contains("18.3");

        HttpResponse<String> unreadable = HTTP.send(HttpRequest.newBuilder(URI.create(upRaw))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{0x07})).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ApiClient.JSON.readTree(unreadable.body()).path("code").asInt()).as(unreadable.body())
                .isEqualTo(1220);

        // §4 "Downstream commands come back on HTTP responses in the headers command-payload and topic"
        CompletableFuture<ApiClient.Response> call = CompletableFuture.supplyAsync(() -> t.app().post(COMMANDS,
                Map.of("action", "invokeService", "orgId", t.orgId(), "assetId", d.assetId(), "serviceId",
                        "reboot", "timeout", 20), Map.of("inputData", Map.of("delay", 5))));
        HttpResponse<byte[]> next = Await.atMost(Duration.ofSeconds(15)).pollingEvery(Duration.ofMillis(200))
                .lastOf(() -> HTTP.send(HttpRequest.newBuilder(URI.create(upRaw))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(frame)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()), r -> r.headers().firstValue("topic").isPresent());
        assertThat(next.headers().firstValue("topic")).contains(d.topic("thing/model/down_raw"));
        assertThat(next.headers().firstValue("command-payload-encoding")).contains("base64");
        byte[] command = java.util.Base64.getDecoder().decode(next.headers().firstValue("command-payload")
                .orElseThrow());
        assertThat(command[0]).isEqualTo((byte) 0x02);
        String commandId = new String(command, 3, command.length - 3, StandardCharsets.US_ASCII);
        byte[] answer = ByteBuffer.allocate(3 + commandId.length()).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0x82).putShort((short) 200).put(commandId.getBytes(StandardCharsets.US_ASCII)).array();
        HttpResponse<String> replied = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/topic"
                        + d.topic("thing/model/down_raw_reply") + "?sessionId=" + sessionId))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(answer)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ApiClient.JSON.readTree(replied.body()).path("code").asInt()).as(replied.body()).isEqualTo(200);
        ApiClient.Response response = call.get(20, TimeUnit.SECONDS);
        assertThat(response.ok()).as(response.toString()).isTrue();
        var done = t.app().post(COMMANDS, Map.of("action", "get", "orgId", t.orgId(), "commandId", commandId), null);
        assertThat(done.data().path("state").asInt()).as("replied: " + done).isEqualTo(5);
    }

    @Test
    void aScriptIsTriedOnSamplesInBothDirectionsWithoutBeingStoredAndWithinTheSandboxLimits() {
        Tenant t = newTenant();
        DeviceInfo d = customDevice(t, "custom_trial");
        var params = Map.of("orgId", t.orgId(), "productKey", d.productKey());
        // §3.1 model/up_raw: the frame as the device sends it, here 0x01, float32 12.5, int16 -215, uint16 77
        var up = t.app().post(PRODUCTS, with(params, "testScript"), Map.of("script", SCRIPT, "direction", "up",
                "payload", "01 00 00 48 41 29 ff 4d 00"));
        assertThat(up.ok()).as(up.toString()).isTrue();
        assertThat(up.data().path("message").path("method").asString()).isEqualTo("thing.measurepoint.post");
        assertThat(up.data().path("message").path("id").asString()).isEqualTo("77");
        assertThat(up.data().path("message").path("params").path("measurepoints").path("temp").asDouble())
                .isEqualTo(-21.5);
        // §3.2 model/down_raw: a service call as the platform would send it
        var down = t.app().post(PRODUCTS, with(params, "testScript"), Map.of("script", SCRIPT, "direction", "down",
                "message", Map.of("id", "9", "version", "1.0", "method", "thing.service.reboot",
                        "params", Map.of("delay", 3))));
        assertThat(down.ok()).as(down.toString()).isTrue();
        assertThat(down.data().path("payload").asString()).isEqualTo("02030039");
        assertThat(t.app().post(PRODUCTS, with(params, "getScript"), null).code())
                .as("a trial stores nothing").isEqualTo(99404);

        var noStored = t.app().post(PRODUCTS, with(params, "testScript"), Map.of("direction", "up", "payload",
                "01"));
        assertThat(noStored.code()).as("without a script in the body the stored one runs: none").isEqualTo(99404);
        var notHex = t.app().post(PRODUCTS, with(params, "testScript"), Map.of("script", SCRIPT, "direction", "up",
                "payload", "zz"));
        assertThat(notHex.code()).isEqualTo(99400);
        assertThat(notHex.body().path("msg").asString()).contains("payload");
        var throwing = t.app().post(PRODUCTS, with(params, "testScript"), Map.of("script", SCRIPT, "direction", "up",
                "payload", "07"));
        assertThat(throwing.code()).isEqualTo(99400);
        assertThat(throwing.body().path("msg").asString()).contains("unknown message type 7");
        var endless = t.app().post(PRODUCTS, with(params, "testScript"), Map.of("direction", "up", "payload", "01",
                "script", "function rawDataToProtocol(b) { while (true) {} }\n"
                        + "function protocolToRawData(m) { return []; }"));
        assertThat(endless.code()).isEqualTo(99400);
        assertThat(endless.body().path("msg").asString()).contains("stopped");

        assertThat(t.app().post(PRODUCTS, with(params, "setScript"), Map.of("script", SCRIPT)).ok()).isTrue();
        var stored = t.app().post(PRODUCTS, with(params, "testScript"), Map.of("direction", "down",
                "message", Map.of("id", "42", "code", 200, "data", Map.of())));
        assertThat(stored.data().path("payload").asString()).as(stored.toString()).isEqualTo("81c8002a00");

        Tenant other = newTenant();
        var foreign = other.app().post(PRODUCTS, Map.of("action", "testScript", "orgId", other.orgId(),
                "productKey", d.productKey()), Map.of("direction", "up", "payload", "01"));
        assertThat(foreign.ok()).as("another organization cannot run this product's script").isFalse();
    }

    /**
     * Both points of the frame are readable: the store may show one point's value a moment before the other's (seen
     * on a loaded machine), so waiting for any item at all is not enough.
     */
    private static boolean bothPointsIn(JsonNode items) {
        return !items.findValues("power").isEmpty() && !items.findValues("temp").isEmpty();
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    private static Map<String, Object> with(Map<String, String> params, String action) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        all.put("action", action);
        return all;
    }

    private DeviceInfo customDevice(Tenant t, String modelId) {
        var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                controllableModel(modelId));
        assertThat(model.ok()).as(model.toString()).isTrue();
        var product = t.app().post(PRODUCTS, Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "binary " + modelId), "productType", "Device",
                        "dataFormat", "Custom", "modelId", modelId));
        assertThat(product.ok()).as(product.toString()).isTrue();
        String productKey = product.data().asString();
        var device = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", productKey, "timezone", "+08:00", "deviceName", Map.of("defaultValue", "unit")));
        assertThat(device.ok()).as(device.toString()).isTrue();
        return new DeviceInfo(t.orgId(), productKey, device.data().path("deviceKey").asString(),
                device.data().path("deviceSecret").asString(), device.data().path("assetId").asString());
    }
}
