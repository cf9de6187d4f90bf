package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.boot.test.web.server.LocalManagementPort;
import tools.jackson.databind.JsonNode;

/**
 * A rollout to 100 devices on real MQTT connections: a fifth offline when the job starts (they connect later), one
 * in ten failing its download. The job ends with the counts the devices produced, and the metrics show them. The
 * devices log in a few at a time, as a fleet does, not one after another.
 */
class OtaFleetTest extends ConnectivityTestBase {
    private static final String JOBS = "/connect-service/v2.1/ota-jobs";
    private static final int DEVICES = 100;
    private static final int OFFLINE_AT_START = 20;
    private static final int LOG_INS_AT_ONCE = 8;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalManagementPort
    int managementPort;

    @Test
    void aJobOverAHundredDevicesSomeOfflineSomeFailingEndsWithTheirCounts() throws Exception {
        Tenant t = newTenant();
        List<DeviceInfo> fleet = fleet(t);
        byte[] image = new byte[20_000];
        new Random(1).nextBytes(image);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image));
        var uploaded = t.app().upload("/connect-service/v2.1/ota-firmwares", Map.of("action", "create",
                "orgId", t.orgId(), "productKey", fleet.getFirst().productKey()), Map.of("metadata",
                ApiClient.JSON.writeValueAsString(Map.of("version", "2.0", "signMethod", "md5", "sign", md5))),
                "file", image);
        assertThat(uploaded.ok()).as(uploaded.toString()).isTrue();
        var created = t.app().post(JOBS, Map.of("action", "create", "orgId", t.orgId(),
                "firmwareId", uploaded.data().path("firmwareId").asString()), Map.of("type", "upgrade",
                "upgradeScope", Map.of("type", "all"), "maximumConcurrency", DEVICES, "rateLimit", 1000));
        String jobId = created.data().path("jobId").asString();

        List<MqttTestDevice> connections = new CopyOnWriteArrayList<>();
        // Devices log in several at a time: one after another, a hundred log-ins took most of the test's time,
        // waiting on round trips. A few at a time keeps each log-in well inside its time-out on a busy machine.
        var loggingIn = new Semaphore(LOG_INS_AT_ONCE);
        try (ExecutorService devices = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<MqttTestDevice>> online = new ArrayList<>();
            for (int i = 0; i < DEVICES - OFFLINE_AT_START; i++) {
                DeviceInfo info = fleet.get(i);
                String informId = "v" + i;
                online.add(devices.submit(() -> {
                    MqttTestDevice d = logIn(info, loggingIn, connections);
                    d.request("ota/device/inform", "ota.device.inform", Map.of("version", "1.0"), informId);
                    return d;
                }));
            }
            List<MqttTestDevice> onlineAtStart = new ArrayList<>();
            for (Future<MqttTestDevice> d : online) {
                onlineAtStart.add(d.get());
            }
            long started = System.nanoTime();
            assertThat(t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null).ok())
                    .isTrue();
            List<Future<?>> upgrades = new ArrayList<>();
            for (int i = 0; i < DEVICES - OFFLINE_AT_START; i++) {
                MqttTestDevice d = onlineAtStart.get(i);
                boolean fails = i % 10 == 3;
                upgrades.add(devices.submit(() -> upgrade(d, image.length, fails)));
            }
            for (int i = DEVICES - OFFLINE_AT_START; i < DEVICES; i++) {
                DeviceInfo info = fleet.get(i);
                boolean fails = i % 10 == 3;
                upgrades.add(devices.submit(() -> upgrade(logIn(info, loggingIn, connections), image.length, fails)));
            }
            for (Future<?> upgrade : upgrades) {
                upgrade.get();
            }
            JsonNode job = Await.atMost(Duration.ofSeconds(20)).until("the job finishes",
                    () -> t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null)
                            .data(), j -> j.path("status").asString().equals("finished"));
            System.out.printf("OTA rollout to %d devices finished in %d ms%n", DEVICES,
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(job.path("taskStatistics").path("total").asInt()).isEqualTo(DEVICES);
            assertThat(job.path("taskStatistics").path("succeeded").asInt()).isEqualTo(90);
            assertThat(job.path("taskStatistics").path("failed").asInt()).isEqualTo(10);
            var failed = t.app().post(JOBS, Map.of("action", "searchTask", "orgId", t.orgId()),
                    Map.of("jobId", jobId, "status", "failed", "pagination", Map.of("pageSize", 50)));
            assertThat(failed.data()).hasSize(10).allSatisfy(task -> {
                assertThat(task.path("progress").asInt()).isEqualTo(-2);
                assertThat(task.path("desc").asString()).isEqualTo("connection cut");
            });
            assertThat(metrics()).contains("openenos_ota_devices{state=\"succeeded\"}")
                    .contains("openenos_ota_jobs{status=\"running\"}");
        } finally {
            for (MqttTestDevice d : connections) {
                d.close();
            }
        }
    }

    /**
     * The fleet: the model, the product and a first device as the other connectivity tests make them, the other 99
     * in one batchCreate request (a hundred requests one after another cost seconds the rollout does not need).
     */
    private List<DeviceInfo> fleet(Tenant t) {
        List<DeviceInfo> fleet = new ArrayList<>(devices(t, "otaFleet", false, 1));
        String productKey = fleet.getFirst().productKey();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 1; i < DEVICES; i++) {
            batch.add(Map.of("productKey", productKey, "timezone", "+08:00",
                    "deviceName", Map.of("defaultValue", "device " + i)));
        }
        var created = t.app().post("/connect-service/v2.1/devices", Map.of("action", "batchCreate",
                "orgId", t.orgId()), Map.of("deviceList", batch));
        assertThat(created.body().path("successSize").asInt()).as(created.toString()).isEqualTo(DEVICES - 1);
        for (JsonNode item : created.body().path("data")) {
            JsonNode d = item.path("data");
            fleet.add(new DeviceInfo(t.orgId(), productKey, d.path("deviceKey").asString(),
                    d.path("deviceSecret").asString(), d.path("assetId").asString()));
        }
        return fleet;
    }

    private MqttTestDevice logIn(DeviceInfo info, Semaphore loggingIn, List<MqttTestDevice> connections)
            throws Exception {
        loggingIn.acquire();
        try {
            MqttTestDevice d = connect(info);
            connections.add(d);
            return d;
        } finally {
            loggingIn.release();
        }
    }

    /** The device's side: the push, the download, then either a failed step or progress and the new version. */
    private Void upgrade(MqttTestDevice d, int size, boolean fails) throws Exception {
        JsonNode params = d.next(m -> m.topic().endsWith("/ota/device/upgrade"), Duration.ofSeconds(30),
                "the upgrade push").body().path("params");
        if (fails) {
            d.request("ota/device/progress", "ota.device.progress", Map.of("step", "-2", "desc", "connection cut"),
                    "f");
            return null;
        }
        HttpResponse<byte[]> file = HTTP.send(HttpRequest.newBuilder(URI.create(base()
                + params.path("fileUrl").asString())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.body()).hasSize(size);
        d.request("ota/device/progress", "ota.device.progress", Map.of("step", "60"), "p");
        d.request("ota/device/inform", "ota.device.inform", Map.of("version", "2.0"), "v");
        return null;
    }

    private String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
