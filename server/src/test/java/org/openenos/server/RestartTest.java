package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Metadata, users and secrets survive a full stop and start of the server on the same data directory. */
class RestartTest {

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
    void devicesAndApplicationsSurviveARestart() throws Exception {
        Path dir = Files.createTempDirectory("openenos-restart");
        String orgId;
        String appKey;
        String appSecret;
        String assetId;
        String secret;
        try (var ctx = start(dir)) {
            ApiClient admin = ApiClient.user(base(ctx), "admin", "Restart-Admin-1");
            orgId = admin.post("/iam-service/v2.1/organizations", Map.of("action", "create"), Map.of("name", "r"))
                    .data().path("orgId").asString();
            var app = admin.post("/iam-service/v2.1/applications", Map.of("action", "create", "orgId", orgId),
                    Map.of("name", "r"));
            appKey = app.data().path("appKey").asString();
            appSecret = app.data().path("appSecret").asString();
            ApiClient client = ApiClient.app(base(ctx), appKey, appSecret);
            var model = client.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                    ServerTestBase.simpleModel("restart_model"));
            assertThat(model.ok()).as(model.toString()).isTrue();
            var product = client.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId),
                    Map.of("productName", Map.of("defaultValue", "p"), "modelId", "restart_model"));
            assertThat(product.ok()).as(product.toString()).isTrue();
            var dev = client.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                    Map.of("productKey", product.data().asString(), "deviceName", Map.of("defaultValue", "d")));
            assertThat(dev.ok()).as(dev.toString()).isTrue();
            assetId = dev.data().path("assetId").asString();
            secret = dev.data().path("deviceSecret").asString();
        }
        try (var ctx = start(dir)) {
            ApiClient client = ApiClient.app(base(ctx), appKey, appSecret);
            var dev = client.post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", orgId,
                    "assetId", assetId), null);
            assertThat(dev.ok()).as(dev.toString()).isTrue();
            assertThat(dev.data().path("deviceSecret").asString()).isEqualTo(secret);
            String stored = Files.readString(dir.resolve("keys/secrets.key"));
            assertThat(stored).doesNotContain(secret);
        }
    }
}
