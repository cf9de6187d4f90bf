package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import tools.jackson.databind.JsonNode;

/**
 * Device files as EnOS devices and applications move them (enos-protocol.md): an HTTP device posts a file-type
 * measure point as {@code POST /multipart{topic}?sessionId=} with an {@code enos-message} part whose value is
 * {@code local://<name>} and a part per file, then downloads or deletes it at {@code /multipart/sys/{pk}/{dk}/file/
 * download|delete} (§4 "Files"; a file value is "the string local://<name> (HTTP only)", §3.1); an application
 * downloads and deletes with {@code /connect-service/v2.1/files?action=download|delete} (§6.2 "files").
 */
class DeviceFilesTest extends ConnectivityTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aDeviceUploadsAFileWithAMeasurepointAndItAndItsApplicationsCanDownloadItButNoOneElse() throws Exception {
        Tenant t = newTenant();
        List<DeviceInfo> devices = devicesWithFilePoint(t, "device_files", 2);
        DeviceInfo d = devices.get(0);
        DeviceInfo sibling = devices.get(1);
        String session = login(d);
        byte[] report = "time,power\n1700000000000,12.5\n".getBytes(StandardCharsets.UTF_8);
        String message = """
                {"id":"1","version":"1.0","method":"thing.measurepoint.post",
                 "params":{"measurepoints":{"report":"local://report.csv","power":1.5},"time":1700000000000}}""";
        HttpResponse<String> posted = multipart(base() + "/multipart" + d.topic("thing/measurepoint/post")
                + "?sessionId=" + session, message, "report.csv", report);
        JsonNode reply = ApiClient.JSON.readTree(posted.body());
        assertThat(reply.path("code").asInt()).as(posted.body()).isEqualTo(200);
        assertThat(reply.path("id").asString()).isEqualTo("1");

        String fileUri = awaitLatestText(t, d.assetId(), "report");
        assertThat(fileUri).startsWith("enos-connect://");
        HttpResponse<byte[]> own = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/multipart"
                + d.topic("file/download") + "?sessionId=" + session + "&fileUri=" + fileUri)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).isEqualTo(report);
        assertThat(appDownload(t, t.orgId(), fileUri).body()).isEqualTo(report);

        String siblingSession = login(sibling);
        HttpResponse<byte[]> other = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/multipart"
                + sibling.topic("file/download") + "?sessionId=" + siblingSession + "&fileUri=" + fileUri)).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(other.statusCode()).as("another device's file").isEqualTo(404);
        HttpResponse<byte[]> borrowed = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/multipart"
                + d.topic("file/download") + "?sessionId=" + siblingSession + "&fileUri=" + fileUri)).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(borrowed.statusCode()).as("a session of another device on this device's path").isNotEqualTo(200);
        Tenant stranger = newTenant();
        HttpResponse<byte[]> foreign = appDownload(stranger, stranger.orgId(), fileUri);
        assertThat(ApiClient.JSON.readTree(foreign.body()).path("code").asInt()).as("another organization")
                .isEqualTo(99404);

        var deleted = t.app().post("/connect-service/v2.1/files", Map.of("action", "delete", "orgId", t.orgId(),
                "fileUri", fileUri), Map.of());
        assertThat(deleted.ok()).as(deleted.toString()).isTrue();
        assertThat(ApiClient.JSON.readTree(appDownload(t, t.orgId(), fileUri).body()).path("code").asInt())
                .isEqualTo(99404);
    }

    @Test
    void anApplicationUploadsAFileForADeviceWhichDownloadsItAndAnOversizedUploadIsRefusedAndNotKept()
            throws Exception {
        Tenant t = newTenant();
        DeviceInfo d = devicesWithFilePoint(t, "device_files_app", 1).getFirst();
        byte[] config = "{\"setpoint\":42}".getBytes(StandardCharsets.UTF_8);
        var uploaded = t.app().upload("/connect-service/v2.1/files", Map.of("action", "upload", "orgId", t.orgId(),
                "assetId", d.assetId()), Map.of(), "file", config);
        assertThat(uploaded.ok()).as(uploaded.toString()).isTrue();
        String fileUri = uploaded.data().path("fileUri").asString();
        assertThat(uploaded.data().path("fileSize").asLong()).isEqualTo(config.length);
        String session = login(d);
        HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/multipart"
                + d.topic("file/download") + "?sessionId=" + session + "&fileUri=" + fileUri)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.body()).isEqualTo(config);

        byte[] tooLarge = new byte[20 * 1024 * 1024 + 1];
        var refused = t.app().upload("/connect-service/v2.1/files", Map.of("action", "upload", "orgId", t.orgId(),
                "assetId", d.assetId()), Map.of(), "file", tooLarge);
        assertThat(refused.code()).as(refused.toString()).isEqualTo(99400);
        HttpResponse<String> deviceTooLarge = multipart(base() + "/multipart" + d.topic("thing/measurepoint/post")
                + "?sessionId=" + session, """
                {"id":"2","version":"1.0","method":"thing.measurepoint.post",
                 "params":{"measurepoints":{"report":"local://big.bin"}}}""", "big.bin", tooLarge);
        assertThat(ApiClient.JSON.readTree(deviceTooLarge.body()).path("code").asInt()).isEqualTo(1008);
    }

    private List<DeviceInfo> devicesWithFilePoint(Tenant t, String modelId, int count) {
        Map<String, Object> model = new HashMap<>(controllableModel(modelId));
        Map<String, Object> points = new HashMap<>(cast(model.get("measurepoints")));
        points.put("report", Map.of("identifier", "report", "name", Map.of("defaultValue", "Report"),
                "dataType", "FILE", "signalType", "Generic", "hasQuality", false));
        model.put("measurepoints", points);
        var created = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                model);
        assertThat(created.ok()).as(created.toString()).isTrue();
        var product = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "files"), "productType", "Device", "dataFormat", "Json",
                        "modelId", modelId, "biDirectionalAuth", false));
        String productKey = product.data().asString();
        List<DeviceInfo> result = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            var device = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                    Map.of("productKey", productKey, "deviceName", Map.of("defaultValue", "d" + i)));
            result.add(new DeviceInfo(t.orgId(), productKey, device.data().path("deviceKey").asString(),
                    device.data().path("deviceSecret").asString(), device.data().path("assetId").asString()));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    private String login(DeviceInfo d) throws Exception {
        String sign = DeviceSigner.sign(Map.of("deviceKey", d.deviceKey(), "lifetime", "300000", "productKey",
                d.productKey(), "signMethod", "sha256"), d.deviceSecret(), SignMethod.SHA256);
        String body = ApiClient.JSON.writeValueAsString(Map.of("signMethod", "sha256", "lifetime", 300000,
                "sign", sign));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/auth/"
                        + d.productKey() + "/" + d.deviceKey())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return ApiClient.JSON.readTree(response.body()).path("data").path("sessionId").asString();
    }

    /** The multipart shape of the EnOS HTTP SDK: the enos-message part and one part per file. */
    private static HttpResponse<String> multipart(String url, String message, String fileName, byte[] file)
            throws Exception {
        String boundary = "----enos" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"enos-message\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + message + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileName
                + "\"; filename=\"" + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> appDownload(Tenant t, String orgId, String fileUri) throws Exception {
        HttpRequest request = t.app().signedRequest("/connect-service/v2.1/files", Map.of("action", "download",
                "orgId", orgId, "fileUri", fileUri), "", System.currentTimeMillis());
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String awaitLatestText(Tenant t, String assetId, String point) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            var r = t.app().post("/tsdb-service/v2.1/latest", Map.of("orgId", t.orgId()),
                    Map.of("assetIds", assetId, "pointIds", point));
            JsonNode items = r.body().path("data").path("items");
            if (!items.isEmpty() || System.nanoTime() > deadline) {
                assertThat(items.isEmpty()).as("no latest value of " + point).isFalse();
                return items.get(0).path("value").asString();
            }
            Thread.sleep(100);
        }
    }
}
