package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/**
 * Firmware and OTA jobs end to end: firmware uploaded over the API, devices on real MQTT connections receiving
 * {@code ota.device.upgrade}, downloading over HTTP with the URL they were given, reporting progress and their new
 * version, and the job counting them.
 */
class OtaRolloutTest extends ConnectivityTestBase {
    private static final String FIRMWARES = "/connect-service/v2.1/ota-firmwares";
    private static final String JOBS = "/connect-service/v2.1/ota-jobs";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anOnlineDeviceAndOneConnectingLaterBothUpgradeAndTheJobCompletes() throws Exception {
        Tenant t = newTenant();
        List<DeviceInfo> devices = devices(t, "ota1", false, 2);
        byte[] file = randomBytes(300_000);
        String firmwareId = upload(t, devices.getFirst().productKey(), "2.0", file);
        try (MqttTestDevice early = connect(devices.get(0))) {
            assertThat(early.request("ota/device/inform", "ota.device.inform", Map.of("version", "1.0"), "v1")
                    .path("code").asInt()).isEqualTo(200);
            String jobId = createJob(t, firmwareId, Map.of("type", "partial", "deviceKeys",
                    List.of(devices.get(0).deviceKey(), devices.get(1).deviceKey())), Map.of());
            assertThat(t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null).ok())
                    .isTrue();

            upgrade(early, file, "2.0", false);

            try (MqttTestDevice late = connect(devices.get(1))) {
                upgrade(late, file, "2.0", true);
            }
            JsonNode job = Await.atMost(Duration.ofSeconds(10)).until("the job finishes",
                    () -> t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null).data(),
                    j -> j.path("status").asString().equals("finished"));
            assertThat(job.path("taskStatistics").path("succeeded").asInt()).isEqualTo(2);
            assertThat(job.path("taskStatistics").path("failed").asInt()).isZero();
            var versions = t.app().post(FIRMWARES, Map.of("action", "listVersion", "orgId", t.orgId(),
                    "productKey", devices.getFirst().productKey()), null);
            assertThat(versions.data().get(0).path("version").asString()).isEqualTo("2.0");
            assertThat(versions.data().get(0).path("deviceCount").asInt()).isEqualTo(2);
            var perDevice = t.app().post(FIRMWARES, Map.of("action", "searchDeviceUpgrade", "orgId", t.orgId()),
                    Map.of("productKey", devices.getFirst().productKey()));
            assertThat(perDevice.data()).hasSize(2).allSatisfy(d -> {
                assertThat(d.path("firmwareVersion").asString()).isEqualTo("2.0");
                assertThat(d.path("isUpgrading").asBoolean()).isFalse();
            });
        }
    }

    @Test
    void aDeviceThatKeepsFailingIsRetriedThenCountedFailed() throws Exception {
        Tenant t = newTenant();
        DeviceInfo device = devices(t, "ota2", false, 1).getFirst();
        String firmwareId = upload(t, device.productKey(), "3.1", randomBytes(1000));
        try (MqttTestDevice d = connect(device)) {
            d.request("ota/device/inform", "ota.device.inform", Map.of("version", "3.0"), "v1");
            String jobId = createJob(t, firmwareId, Map.of("type", "all"),
                    Map.of("retryPolicy", Map.of("enableRetry", true, "retryCount", "1", "retryInterval", "0")));
            t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null);
            for (int attempt = 1; attempt <= 2; attempt++) {
                JsonNode push = d.next(d.topic("ota/device/upgrade"));
                assertThat(push.path("params").path("version").asString()).isEqualTo("3.1");
                assertThat(d.request("ota/device/progress", "ota.device.progress",
                        Map.of("step", "-2", "desc", "connection reset"), "p" + attempt).path("code").asInt())
                        .isEqualTo(200);
            }
            JsonNode job = Await.atMost(Duration.ofSeconds(10)).until("the job finishes",
                    () -> t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null).data(),
                    j -> j.path("status").asString().equals("finished"));
            assertThat(job.path("taskStatistics").path("failed").asInt()).isEqualTo(1);
            JsonNode task = t.app().post(JOBS, Map.of("action", "searchTask", "orgId", t.orgId(), "jobId", jobId),
                    Map.of()).data().get(0);
            assertThat(task.path("status").asString()).isEqualTo("failed");
            assertThat(task.path("progress").asInt()).isEqualTo(-2);
            assertThat(task.path("attempts").asInt()).isEqualTo(2);
            assertThat(d.request("ota/device/progress", "ota.device.progress", Map.of("step", "10"), "p9")
                    .path("code").asInt()).as("no task any more").isEqualTo(764);
        }
    }

    @Test
    void aFirmwareInUseCannotBeDeletedAndOtherOrganizationsSeeNothingOfIt() throws Exception {
        Tenant t = newTenant();
        Tenant other = newTenant();
        DeviceInfo device = devices(t, "ota3", false, 1).getFirst();
        DeviceInfo stranger = devices(other, "ota3x", false, 1).getFirst();
        String firmwareId = upload(t, device.productKey(), "5.0", randomBytes(2048));
        String jobId = createJob(t, firmwareId, Map.of("type", "all"), Map.of());

        var refused = t.app().post(FIRMWARES, Map.of("action", "delete", "orgId", t.orgId(), "firmwareId", firmwareId),
                null);
        assertThat(refused.code()).as(refused.toString()).isEqualTo(99409);

        assertThat(other.app().post(FIRMWARES, Map.of("action", "get", "orgId", t.orgId(), "firmwareId", firmwareId),
                null).code()).isEqualTo(99403);
        assertThat(other.app().post(FIRMWARES, Map.of("action", "get", "orgId", other.orgId(),
                "firmwareId", firmwareId), null).code()).isEqualTo(99404);
        assertThat(other.app().post(JOBS, Map.of("action", "search", "orgId", other.orgId()), Map.of()).data())
                .isEmpty();

        try (MqttTestDevice d = connect(device)) {
            d.request("ota/device/inform", "ota.device.inform", Map.of("version", "4.0"), "v1");
            t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null);
            String url = d.next(d.topic("ota/device/upgrade")).path("params").path("fileUrl").asString();
            assertThat(get(url.replace(device.deviceKey(), stranger.deviceKey())
                    .replace(device.productKey(), stranger.productKey()), null).statusCode())
                    .as("a URL of one device does not work for another").isEqualTo(403);
            assertThat(get(url.replaceAll("signature=[0-9a-f]{4}", "signature=0000"), null).statusCode())
                    .isEqualTo(403);
        }
        t.app().post(JOBS, Map.of("action", "cancel", "orgId", t.orgId(), "jobId", jobId), null);
        assertThat(t.app().post(FIRMWARES, Map.of("action", "delete", "orgId", t.orgId(), "firmwareId", firmwareId),
                null).ok()).as("a canceled job no longer holds the firmware").isTrue();
    }

    @Test
    void anUploadWhoseSignDoesNotMatchItsFileIsRefusedAndNothingIsKept() {
        Tenant t = newTenant();
        DeviceInfo device = devices(t, "ota4", false, 1).getFirst();
        var response = t.app().upload(FIRMWARES, Map.of("action", "create", "orgId", t.orgId(),
                        "productKey", device.productKey()),
                Map.of("metadata", ApiClient.JSON.writeValueAsString(Map.of("name", Map.of("defaultValue", "fw"),
                        "version", "1.0", "signMethod", "md5", "sign", "0".repeat(32),
                        "enableVerification", false))), "file", randomBytes(100));
        assertThat(response.code()).as(response.toString()).isEqualTo(99400);
        assertThat(response.body().path("msg").asString()).contains("sign does not match");
        assertThat(t.app().post(FIRMWARES, Map.of("action", "search", "orgId", t.orgId()), Map.of()).data())
                .isEmpty();
    }

    @Test
    void aJobOutsideItsTimeWindowPushesNothingAndOffersNothing() throws Exception {
        Tenant t = newTenant();
        DeviceInfo device = devices(t, "ota5", false, 1).getFirst();
        String firmwareId = upload(t, device.productKey(), "9.0", randomBytes(64));
        long inAnHour = System.currentTimeMillis() + 3_600_000;
        try (MqttTestDevice d = connect(device)) {
            d.request("ota/device/inform", "ota.device.inform", Map.of("version", "8.0"), "v1");
            String jobId = createJob(t, firmwareId, Map.of("type", "all"), Map.of("enableUpgradeRequest", true,
                    "schedulePolicy", Map.of("startTimestamp", inAnHour, "endTimestamp", inAnHour + 3_600_000)));
            t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null);
            Thread.sleep(2_500); // more than two rollout passes
            assertThat(d.received()).noneMatch(m -> m.topic().endsWith("/ota/device/upgrade"));
            assertThat(d.request("ota/device/getversion", "ota.device.getversion", Map.of(), "g1").path("data"))
                    .isEmpty();
            assertThat(d.request("ota/device/progress", "ota.device.progress", Map.of("step", "5"), "p1")
                    .path("code").asInt()).as("task not started").isEqualTo(765);
            JsonNode task = t.app().post(JOBS, Map.of("action", "searchTask", "orgId", t.orgId(), "jobId", jobId),
                    Map.of()).data().get(0);
            assertThat(task.path("status").asString()).isEqualTo("init");
            JsonNode row = t.app().post(FIRMWARES, Map.of("action", "searchDeviceUpgrade", "orgId", t.orgId()),
                    Map.of("expression", "productKey = '" + device.productKey() + "'")).data().get(0);
            assertThat(row.path("isUpgrading").asBoolean()).isTrue();
            assertThat(row.path("firmwareVersion").asString()).isEqualTo("8.0");
            assertThat(row.path("toVersion").asString()).isEqualTo("9.0");
        }
    }

    @Test
    void aJobPausesWhenAsManyDevicesFailedAsItsThresholdAllows() throws Exception {
        Tenant t = newTenant();
        List<DeviceInfo> devices = devices(t, "ota6", false, 2);
        String firmwareId = upload(t, devices.getFirst().productKey(), "2.0", randomBytes(64));
        try (MqttTestDevice a = connect(devices.get(0)); MqttTestDevice b = connect(devices.get(1))) {
            String jobId = createJob(t, firmwareId, Map.of("type", "all"),
                    Map.of("maximumConcurrency", 1, "failureThreshold", 1));
            t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null);
            MqttTestDevice.Message push = Await.atMost(Duration.ofSeconds(10)).until("one device is pushed",
                    () -> a.received().isEmpty() ? b.received().poll() : a.received().poll(),
                    m -> m != null && m.topic().endsWith("/ota/device/upgrade"));
            MqttTestDevice first = push.topic().contains(devices.get(0).deviceKey()) ? a : b;
            MqttTestDevice second = first == a ? b : a;
            first.request("ota/device/progress", "ota.device.progress", Map.of("step", "-3"), "p1");

            JsonNode job = Await.atMost(Duration.ofSeconds(10)).until("the job pauses",
                    () -> t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null).data(),
                    j -> j.path("status").asString().equals("paused"));
            assertThat(job.path("taskStatistics").path("failed").asInt()).isEqualTo(1);
            assertThat(job.path("taskStatistics").path("init").asInt()).isEqualTo(1);
            assertThat(second.received()).noneMatch(m -> m.topic().endsWith("/ota/device/upgrade"));
        }
    }

    @Test
    void aPreviewListsTheDevicesAJobWouldTakeOnWithoutCreatingAnythingAndOnlyInItsOrganization() throws Exception {
        Tenant t = newTenant();
        Tenant other = newTenant();
        List<DeviceInfo> devices = devices(t, "ota7", false, 3);
        String firmwareId = upload(t, devices.getFirst().productKey(), "2.0", randomBytes(64));
        try (MqttTestDevice upToDate = connect(devices.get(2))) {
            upToDate.request("ota/device/inform", "ota.device.inform", Map.of("version", "2.0"), "v1");
        }
        var preview = t.app().post(JOBS, Map.of("action", "previewTargets", "orgId", t.orgId(),
                "firmwareId", firmwareId), Map.of("upgradeScope", Map.of("type", "all"),
                "pagination", Map.of("pageNo", 1, "pageSize", 1)));
        assertThat(preview.ok()).as(preview.toString()).isTrue();
        assertThat(preview.data().path("total").asInt()).as("the device on 2.0 already is left out").isEqualTo(2);
        assertThat(preview.data().path("busy").asInt()).isZero();
        JsonNode first = preview.data().path("devices").get(0);
        assertThat(preview.data().path("devices")).hasSize(1);
        assertThat(first.path("productKey").asString()).isEqualTo(devices.getFirst().productKey());
        assertThat(first.path("deviceName").path("defaultValue").asString()).startsWith("device ");
        assertThat(t.app().post(JOBS, Map.of("action", "search", "orgId", t.orgId()), Map.of()).data())
                .as("a preview creates no job").isEmpty();

        String jobId = createJob(t, firmwareId, Map.of("type", "partial", "deviceKeys",
                List.of(devices.get(0).deviceKey())), Map.of());
        t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null);
        JsonNode again = t.app().post(JOBS, Map.of("action", "previewTargets", "orgId", t.orgId(),
                "firmwareId", firmwareId), Map.of("upgradeScope", Map.of("type", "all"))).data();
        assertThat(again.path("total").asInt()).isEqualTo(1);
        assertThat(again.path("busy").asInt()).as("in the running job").isEqualTo(1);
        assertThat(again.path("devices").get(0).path("deviceKey").asString()).isEqualTo(devices.get(1).deviceKey());

        assertThat(t.app().post(JOBS, Map.of("action", "previewTargets", "orgId", t.orgId(),
                "firmwareId", firmwareId), Map.of("upgradeScope", Map.of("type", "partial"))).code())
                .as("a scope that selects nothing").isEqualTo(99400);
        assertThat(other.app().post(JOBS, Map.of("action", "previewTargets", "orgId", t.orgId(),
                "firmwareId", firmwareId), Map.of("upgradeScope", Map.of("type", "all"))).code()).isEqualTo(99403);
        assertThat(other.app().post(JOBS, Map.of("action", "previewTargets", "orgId", other.orgId(),
                "firmwareId", firmwareId), Map.of("upgradeScope", Map.of("type", "all"))).code()).isEqualTo(99404);
    }

    /** What a device does on the push: download (resuming after a cut when asked), verify, report, inform. */
    private void upgrade(MqttTestDevice device, byte[] expected, String version, boolean resume) throws Exception {
        JsonNode params = device.next(device.topic("ota/device/upgrade")).path("params");
        assertThat(params.path("version").asString()).isEqualTo(version);
        assertThat(params.path("signMethod").asString()).isEqualTo("md5");
        assertThat(params.path("fileSize").isInt()).isTrue();
        assertThat(params.path("fileSize").asInt()).isEqualTo(expected.length);
        String url = base() + params.path("fileUrl").asString();
        byte[] downloaded;
        if (resume) {
            HttpResponse<byte[]> first = get(url, "bytes=0-999");
            assertThat(first.statusCode()).isEqualTo(206);
            HttpResponse<byte[]> rest = get(url, "bytes=1000-");
            assertThat(rest.statusCode()).isEqualTo(206);
            assertThat(rest.headers().firstValue("Content-Range")).hasValue("bytes 1000-" + (expected.length - 1)
                    + "/" + expected.length);
            downloaded = concat(first.body(), rest.body());
        } else {
            downloaded = get(url, null).body();
        }
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(downloaded)))
                .isEqualTo(params.path("sign").asString());
        assertThat(device.request("ota/device/progress", "ota.device.progress", Map.of("step", "50", "desc", "writing"),
                "p50").path("code").asInt()).isEqualTo(200);
        assertThat(device.request("ota/device/inform", "ota.device.inform", Map.of("version", version), "v2")
                .path("code").asInt()).isEqualTo(200);
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

    private String createJob(Tenant t, String firmwareId, Map<String, Object> scope, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", Map.of("defaultValue", "rollout"),
                "type", "upgrade", "upgradeScope", scope, "upgradePolicy", "snapshot", "upgradeTimeout", "600"));
        body.putAll(extra);
        var response = t.app().post(JOBS, Map.of("action", "create", "orgId", t.orgId(), "firmwareId", firmwareId),
                body);
        assertThat(response.ok()).as(response.toString()).isTrue();
        return response.data().path("jobId").asString();
    }

    private HttpResponse<byte[]> get(String url, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base() + url));
        if (range != null) {
            b.header("Range", range);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
