package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/**
 * Sub-devices behind a gateway upgrade through it, as EnOS defines: the gateway holds the only MQTT connection, logs
 * its sub-devices in with {@code combine.login}, receives their {@code ota.device.upgrade} pushes on their own topics,
 * downloads with each sub-device's URL and reports progress and the new version on the sub-devices' topics.
 */
class OtaSubDeviceTest extends ConnectivityTestBase {
    private static final String FIRMWARES = "/connect-service/v2.1/ota-firmwares";
    private static final String JOBS = "/connect-service/v2.1/ota-jobs";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aGatewayUpgradesASubDeviceLoggedInBeforeTheJobAndOneLoggedInAfterItStarted() throws Exception {
        Tenant t = newTenant();
        var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("otasub"));
        assertThat(model.ok()).as(model.toString()).isTrue();
        DeviceInfo gw = device(t, product(t, "otasub", "Gateway"));
        String subProduct = product(t, "otasub", "Device");
        DeviceInfo early = device(t, subProduct);
        DeviceInfo late = device(t, subProduct);
        var add = t.app().post("/connect-service/v2.1/device-topos", Map.of("action", "addSubDevice", "orgId",
                t.orgId(), "assetId", gw.assetId()), Map.of("subDevices", List.of(Map.of("assetId", early.assetId()),
                Map.of("assetId", late.assetId()))));
        assertThat(add.ok()).as(add.toString()).isTrue();
        byte[] file = new byte[50_000];
        new Random(7).nextBytes(file);
        String firmwareId = upload(t, subProduct, "2.0", file);

        try (MqttTestDevice gateway = connect(gw)) {
            login(gateway, gw, early, "l1");
            assertThat(request(gateway, early.topic("ota/device/inform"), "ota.device.inform",
                    Map.of("version", "1.0"), "v1").path("code").asInt()).isEqualTo(200);
            String jobId = createJob(t, firmwareId, List.of(early.deviceKey(), late.deviceKey()));
            var started = t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null);
            assertThat(started.ok()).as(started.toString()).isTrue();

            upgradeThrough(gateway, early, file);

            login(gateway, gw, late, "l2");
            upgradeThrough(gateway, late, file);

            JsonNode job = Await.atMost(Duration.ofSeconds(10)).until("the job finishes",
                    () -> t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null).data(),
                    j -> j.path("status").asString().equals("finished"));
            assertThat(job.path("taskStatistics").path("succeeded").asInt()).isEqualTo(2);
            assertThat(job.path("taskStatistics").path("failed").asInt()).isZero();
            assertThat(gateway.received()).as("nothing is pushed on the gateway's own upgrade topic")
                    .noneMatch(m -> m.topic().equals(gateway.topic("ota/device/upgrade")));
            var perDevice = t.app().post(FIRMWARES, Map.of("action", "searchDeviceUpgrade", "orgId", t.orgId()),
                    Map.of("productKey", subProduct));
            assertThat(perDevice.data()).hasSize(2)
                    .allSatisfy(d -> assertThat(d.path("firmwareVersion").asString()).isEqualTo("2.0"));
        }
    }

    /** What a gateway does for a sub-device: take its push, download with its URL, verify, report, inform. */
    private void upgradeThrough(MqttTestDevice gateway, DeviceInfo sub, byte[] expected) throws Exception {
        JsonNode params = gateway.next(sub.topic("ota/device/upgrade")).path("params");
        assertThat(params.path("version").asString()).isEqualTo("2.0");
        String url = params.path("fileUrl").asString();
        assertThat(url).contains(sub.deviceKey());
        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(
                url.startsWith("http") ? url : base() + url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(download.body())))
                .isEqualTo(params.path("sign").asString());
        assertThat(request(gateway, sub.topic("ota/device/progress"), "ota.device.progress",
                Map.of("step", "60", "desc", "flashing"), "p-" + sub.deviceKey()).path("code").asInt()).isEqualTo(200);
        assertThat(request(gateway, sub.topic("ota/device/inform"), "ota.device.inform", Map.of("version", "2.0"),
                "v-" + sub.deviceKey()).path("code").asInt()).isEqualTo(200);
    }

    private void login(MqttTestDevice gateway, DeviceInfo gw, DeviceInfo sub, String id) throws Exception {
        String ts = String.valueOf(System.currentTimeMillis());
        String sign = DeviceSigner.sign(Map.of("clientId", sub.deviceKey(), "deviceKey", sub.deviceKey(),
                "productKey", sub.productKey(), "timestamp", ts), sub.deviceSecret(), SignMethod.SHA256);
        JsonNode reply = request(gateway, "/ext/session/" + gw.productKey() + "/" + gw.deviceKey() + "/combine/login",
                "combine.login", Map.of("productKey", sub.productKey(), "deviceKey", sub.deviceKey(),
                        "clientId", sub.deviceKey(), "timestamp", ts, "signMethod", "sha256", "sign", sign,
                        "secureMode", "2"), id);
        assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
    }

    private static JsonNode request(MqttTestDevice device, String topic, String method, Object params, String id)
            throws Exception {
        device.client().subscribe(topic + "_reply", 1);
        device.publish(topic, ApiClient.JSON.writeValueAsString(Map.of("id", id, "version", "1.1", "method", method,
                "params", params)));
        return device.next(m -> m.topic().equals(topic + "_reply") && id.equals(m.body().path("id").asString()),
                Duration.ofSeconds(10), "reply to " + id + " on " + topic).body();
    }

    private String upload(Tenant t, String productKey, String version, byte[] file) throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(file));
        var response = t.app().upload(FIRMWARES, Map.of("action", "create", "orgId", t.orgId(),
                        "productKey", productKey),
                Map.of("metadata", ApiClient.JSON.writeValueAsString(Map.of("name", Map.of("defaultValue", "fw"),
                        "version", version, "signMethod", "md5", "sign", md5, "enableVerification", false))),
                "file", file);
        assertThat(response.ok()).as(response.toString()).isTrue();
        return response.data().path("firmwareId").asString();
    }

    private String createJob(Tenant t, String firmwareId, List<String> deviceKeys) {
        Map<String, Object> body = new HashMap<>(Map.of("name", Map.of("defaultValue", "sub rollout"),
                "type", "upgrade", "upgradeScope", Map.of("type", "partial", "deviceKeys", deviceKeys),
                "upgradePolicy", "snapshot", "upgradeTimeout", "600"));
        var response = t.app().post(JOBS, Map.of("action", "create", "orgId", t.orgId(), "firmwareId", firmwareId),
                body);
        assertThat(response.ok()).as(response.toString()).isTrue();
        return response.data().path("jobId").asString();
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
}
