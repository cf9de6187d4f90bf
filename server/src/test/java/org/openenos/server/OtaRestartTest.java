package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** A started OTA job, its firmware file and the download key survive a stop and start of the server. */
class OtaRestartTest {
    private static final String JOBS = "/connect-service/v2.1/ota-jobs";

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(OpenEnosServer.class, "--server.port=0", "--openenos.data-dir=" + dataDir,
                "--openenos.admin-password=Restart-Admin-1", "--openenos.mqtt.port=0", "--openenos.mqtt.tls-port=0",
                "--openenos.pki.web-socket-port=0", "--management.server.port=0",
                "--openenos.subscription.port=0");
    }

    private static String base(ConfigurableApplicationContext ctx) {
        return "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
    }

    @Test
    void aJobStartedBeforeARestartUpgradesADeviceThatConnectsAfterIt() throws Exception {
        Path dir = Files.createTempDirectory("openenos-ota-restart");
        byte[] image = "firmware that outlives a restart".getBytes();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image));
        String orgId;
        String appKey;
        String appSecret;
        String productKey;
        String deviceKey;
        String secret;
        String jobId;
        try (var ctx = start(dir)) {
            ApiClient admin = ApiClient.user(base(ctx), "admin", "Restart-Admin-1");
            orgId = admin.post("/iam-service/v2.1/organizations", Map.of("action", "create"), Map.of("name", "ota"))
                    .data().path("orgId").asString();
            var app = admin.post("/iam-service/v2.1/applications", Map.of("action", "create", "orgId", orgId),
                    Map.of("name", "ota"));
            appKey = app.data().path("appKey").asString();
            appSecret = app.data().path("appSecret").asString();
            ApiClient client = ApiClient.app(base(ctx), appKey, appSecret);
            client.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                    ServerTestBase.simpleModel("ota_restart"));
            productKey = client.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId),
                    Map.of("productName", Map.of("defaultValue", "p"), "modelId", "ota_restart")).data().asString();
            var dev = client.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                    Map.of("productKey", productKey, "deviceName", Map.of("defaultValue", "d")));
            deviceKey = dev.data().path("deviceKey").asString();
            secret = dev.data().path("deviceSecret").asString();
            var uploaded = client.upload("/connect-service/v2.1/ota-firmwares", Map.of("action", "create",
                    "orgId", orgId, "productKey", productKey), Map.of("metadata", ApiClient.JSON.writeValueAsString(
                    Map.of("version", "2.0", "signMethod", "md5", "sign", md5))), "file", image);
            assertThat(uploaded.ok()).as(uploaded.toString()).isTrue();
            jobId = client.post(JOBS, Map.of("action", "create", "orgId", orgId, "firmwareId",
                            uploaded.data().path("firmwareId").asString()),
                    Map.of("type", "upgrade", "upgradeScope", Map.of("type", "all"))).data().path("jobId").asString();
            assertThat(client.post(JOBS, Map.of("action", "start", "orgId", orgId, "jobId", jobId), null).ok())
                    .isTrue();
        }
        try (var ctx = start(dir)) {
            ApiClient client = ApiClient.app(base(ctx), appKey, appSecret);
            try (MqttTestDevice device = MqttTestDevice.connect(ctx.getBean(MqttGateway.class).port(), productKey,
                    deviceKey, secret)) {
                JsonNode params = device.next(device.topic("ota/device/upgrade")).path("params");
                HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base(ctx) + params.path("fileUrl").asString())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(file.statusCode()).isEqualTo(200);
                assertThat(file.body()).isEqualTo(image);
                device.request("ota/device/inform", "ota.device.inform", Map.of("version", "2.0"), "v2");
            }
            JsonNode job = Await.atMost(Duration.ofSeconds(10)).until("the job finishes",
                    () -> client.post(JOBS, Map.of("action", "get", "orgId", orgId, "jobId", jobId), null).data(),
                    j -> j.path("status").asString().equals("finished"));
            assertThat(job.path("taskStatistics").path("succeeded").asInt()).isEqualTo(1);
        }
    }
}
