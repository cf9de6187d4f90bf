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
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.FirmwareUpdater;
import org.openenos.sdk.Login;
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

            JsonNode finished = Await.atMost(Duration.ofSeconds(20)).until("the job finishes",
                    () -> t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null)
                            .data(), j -> j.path("status").asString().equals("finished"));
            assertThat(finished.path("taskStatistics").path("succeeded").asInt()).isEqualTo(1);
            assertThat(installed).hasSize(1);
            assertThat(installed.getFirst()).isEqualTo(image);
            assertThat(updater.availableUpgrades().get(15, TimeUnit.SECONDS)).isEmpty();
        }
    }
}
