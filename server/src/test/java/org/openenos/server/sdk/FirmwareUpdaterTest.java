package org.openenos.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openenos.server.sdk.SdkFixtures.createDevice;
import static org.openenos.server.sdk.SdkFixtures.createModel;
import static org.openenos.server.sdk.SdkFixtures.createProduct;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.protocol.TopicKind;
import org.openenos.sdk.Command;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.DeviceId;
import org.openenos.sdk.FirmwareUpdater;
import org.openenos.sdk.Login;
import org.openenos.sdk.SubDevice;
import org.openenos.server.ApiClient;
import org.openenos.server.ServerTestBase;
import org.openenos.testkit.Await;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The device SDK's firmware updater against the real server: a device speaking only the documented OTA topics is
 * pushed an upgrade, downloads it (resuming a download a restart broke off), verifies and installs it, and the job
 * counts it succeeded.
 */
class FirmwareUpdaterTest extends ServerTestBase {
    private static final String JOBS = "/connect-service/v2.1/ota-jobs";

    @Autowired
    MqttGateway gateway;
    @TempDir
    Path dir;

    @Test
    void aDeviceOnTheSdkDownloadsVerifiesInstallsAndReportsItsNewVersion() throws Exception {
        Tenant t = newTenant();
        createModel(t.app(), t.orgId(), "otaSdk");
        String productKey = createProduct(t.app(), t.orgId(), "otaSdk", "Device", false)[0];
        String[] device = createDevice(t.app(), t.orgId(), productKey, "sdk-ota-1");
        byte[] image = new byte[700_000];
        new Random(7).nextBytes(image);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        var uploaded = t.app().upload("/connect-service/v2.1/ota-firmwares", Map.of("action", "create",
                "orgId", t.orgId(), "productKey", productKey), Map.of("metadata", ApiClient.JSON.writeValueAsString(
                Map.of("name", Map.of("defaultValue", "main"), "version", "7.1", "signMethod", "sha256",
                        "sign", sha256, "enableVerification", false))), "file", image);
        assertThat(uploaded.ok()).as(uploaded.toString()).isTrue();
        String firmwareId = uploaded.data().path("firmwareId").asString();
        // a download a device restart cut short: the updater continues it with a range request
        Files.write(dir.resolve("7.1.bin.part"), Arrays.copyOf(image, 250_000));

        List<byte[]> installed = new CopyOnWriteArrayList<>();
        try (DeviceClient client = DeviceClient.create(DeviceClientOptions.of("tcp://127.0.0.1:" + gateway.port())
                .withReplyTimeout(Duration.ofSeconds(10)), new Login.Secret(productKey, device[0], device[1]));
             FirmwareUpdater updater = FirmwareUpdater.attach(client, URI.create(base() + "/"), dir,
                     (file, version) -> installed.add(Files.readAllBytes(file)))) {
            client.connect().get(15, TimeUnit.SECONDS);
            client.informVersion("7.0").get(15, TimeUnit.SECONDS);
            var job = t.app().post(JOBS, Map.of("action", "create", "orgId", t.orgId(), "firmwareId", firmwareId),
                    Map.of("type", "upgrade", "upgradeScope", Map.of("type", "partial", "versionNumbers",
                            List.of("7.0")), "upgradeTimeout", "600"));
            String jobId = job.data().path("jobId").asString();
            assertThat(t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null).ok())
                    .isTrue();

            JsonNode finished = Await.atMost(Duration.ofSeconds(60)).until("the job finishes",
                    () -> t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null)
                            .data(), j -> j.path("status").asString().equals("finished"));
            assertThat(finished.path("taskStatistics").path("succeeded").asInt()).isEqualTo(1);
            assertThat(installed).hasSize(1);
            assertThat(installed.getFirst()).isEqualTo(image);
            assertThat(updater.availableUpgrades().get(15, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aSubDeviceIsUpgradedThroughItsGateway() throws Exception {
        Tenant t = newTenant();
        createModel(t.app(), t.orgId(), "otaSub");
        String subProduct = createProduct(t.app(), t.orgId(), "otaSub", "Device", false)[0];
        String gatewayProduct = createProduct(t.app(), t.orgId(), "otaSub", "Gateway", false)[0];
        String[] gw = createDevice(t.app(), t.orgId(), gatewayProduct, "ota-gw");
        String[] sub = createDevice(t.app(), t.orgId(), subProduct, "ota-sub");
        byte[] image = "sub-device image".getBytes();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image));
        var uploaded = t.app().upload("/connect-service/v2.1/ota-firmwares", Map.of("action", "create",
                "orgId", t.orgId(), "productKey", subProduct), Map.of("metadata", ApiClient.JSON.writeValueAsString(
                Map.of("version", "1.1", "signMethod", "md5", "sign", md5))), "file", image);
        DeviceId subId = new DeviceId(subProduct, "ota-sub");
        List<Command> pushes = new CopyOnWriteArrayList<>();
        try (DeviceClient client = DeviceClient.create(DeviceClientOptions.of("tcp://127.0.0.1:" + gateway.port())
                .withReplyTimeout(Duration.ofSeconds(10)), new Login.Secret(gatewayProduct, "ota-gw", gw[1]))) {
            client.onCommand(TopicKind.OTA_UPGRADE, command -> {
                pushes.add(command);
                return "";
            });
            client.connect().get(15, TimeUnit.SECONDS);
            client.gateway().addTopo(List.of(new SubDevice(subProduct, "ota-sub", sub[1]))).get(15, TimeUnit.SECONDS);
            client.gateway().login(new SubDevice(subProduct, "ota-sub", sub[1])).get(15, TimeUnit.SECONDS);
            client.call(TopicKind.OTA_INFORM, subId, null, Map.of("version", "1.0")).get(15, TimeUnit.SECONDS);
            String jobId = t.app().post(JOBS, Map.of("action", "create", "orgId", t.orgId(), "firmwareId",
                    uploaded.data().path("firmwareId").asString()), Map.of("type", "upgrade", "upgradeScope",
                    Map.of("type", "all"))).data().path("jobId").asString();
            t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null);

            Command push = Await.atMost(Duration.ofSeconds(10)).until("the gateway gets its sub-device's upgrade",
                    () -> pushes.isEmpty() ? null : pushes.getFirst(), c -> c != null);
            assertThat(push.device()).isEqualTo(subId);
            client.call(TopicKind.OTA_PROGRESS, subId, null, Map.of("step", "50")).get(15, TimeUnit.SECONDS);
            client.call(TopicKind.OTA_INFORM, subId, null, Map.of("version", "1.1")).get(15, TimeUnit.SECONDS);

            JsonNode job = Await.atMost(Duration.ofSeconds(10)).until("the job finishes",
                    () -> t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null)
                            .data(), j -> j.path("status").asString().equals("finished"));
            assertThat(job.path("taskStatistics").path("succeeded").asInt()).isEqualTo(1);
        }
    }
}
