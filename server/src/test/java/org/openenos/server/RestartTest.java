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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.DeviceEventRecord;
import org.openenos.connectivity.DeviceEventStore;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.model.ThingEvent;
import org.openenos.subscription.DurableEvents;
import org.openenos.subscription.netty.EnosSubscriptionClient;
import org.openenos.subscription.netty.SubscriptionListener;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What survives a full stop and start of the server on the same data directory: metadata, users and secrets; a
 * started OTA job with its firmware file and download key; a device event stored but not yet appended to the event
 * subscriptions' logs (ADR 0081). A server start is what costs time here, so the scenarios share one restart: each
 * sets its state up on the first server ({@code before}, in {@link #restartOnce()}) and is checked on the second
 * ({@code after}, in its test). Each scenario works in an organization of its own.
 */
class RestartTest {
    private static final String PASSWORD = "Restart-Admin-1";
    private static final DevicesAndApplications DEVICES = new DevicesAndApplications();
    private static final StartedOtaJob OTA_JOB = new StartedOtaJob();
    private static final EventNotYetAppended EVENT = new EventNotYetAppended();
    private static Path dir;
    private static ConfigurableApplicationContext restarted;

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(OpenEnosServer.class, "--server.port=0", "--openenos.data-dir=" + dataDir,
                "--openenos.admin-password=" + PASSWORD, "--openenos.mqtt.port=0", "--openenos.mqtt.tls-port=0",
                "--openenos.pki.web-socket-port=0", "--management.server.port=0",
                "--openenos.subscription.port=0");
    }

    private static String base(ConfigurableApplicationContext ctx) {
        return "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
    }

    @BeforeAll
    static void restartOnce() throws Exception {
        dir = Files.createTempDirectory("openenos-restart");
        try (var ctx = start(dir)) {
            DEVICES.before(ctx);
            OTA_JOB.before(ctx);
            EVENT.before(ctx);
        }
        restarted = start(dir);
    }

    @AfterAll
    static void stop() {
        if (restarted != null) {
            restarted.close();
        }
    }

    @Test
    void devicesAndApplicationsSurviveARestart() throws Exception {
        DEVICES.after(restarted);
    }

    @Test
    void aJobStartedBeforeARestartUpgradesADeviceThatConnectsAfterIt() throws Exception {
        OTA_JOB.after(restarted);
    }

    @Test
    void anEventStoredButNotAppendedWhenTheServerStopsIsDeliveredExactlyOnceAfterTheRestart() throws Exception {
        EVENT.after(restarted);
    }

    /** An organization, an application, a model, a product and a device with its secret (kept encrypted). */
    private static final class DevicesAndApplications {
        String orgId;
        String appKey;
        String appSecret;
        String assetId;
        String secret;

        void before(ConfigurableApplicationContext ctx) {
            ApiClient admin = ApiClient.user(base(ctx), "admin", PASSWORD);
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

        void after(ConfigurableApplicationContext ctx) throws Exception {
            ApiClient client = ApiClient.app(base(ctx), appKey, appSecret);
            var dev = client.post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", orgId,
                    "assetId", assetId), null);
            assertThat(dev.ok()).as(dev.toString()).isTrue();
            assertThat(dev.data().path("deviceSecret").asString()).isEqualTo(secret);
            String stored = Files.readString(dir.resolve("keys/secrets.key"));
            assertThat(stored).doesNotContain(secret);
        }
    }

    /** Firmware uploaded and a job for every device started; the device connects only after the restart. */
    private static final class StartedOtaJob {
        static final String JOBS = "/connect-service/v2.1/ota-jobs";
        final byte[] image = "firmware that outlives a restart".getBytes();
        String orgId;
        String appKey;
        String appSecret;
        String productKey;
        String deviceKey;
        String secret;
        String jobId;

        void before(ConfigurableApplicationContext ctx) throws Exception {
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image));
            ApiClient admin = ApiClient.user(base(ctx), "admin", PASSWORD);
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

        void after(ConfigurableApplicationContext ctx) throws Exception {
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

    /**
     * The state a crash between the device event sink's steps leaves: the outbox row and the stored event, no log
     * message. The subscriber gets the event exactly once after the restart.
     */
    private static final class EventNotYetAppended {
        final long time = Instant.now().toEpochMilli();
        String orgId;
        String assetId;
        String subId;
        String accessKey;
        String secret;

        void before(ConfigurableApplicationContext ctx) {
            ApiClient admin = ApiClient.user(base(ctx), "admin", PASSWORD);
            orgId = admin.post("/iam-service/v2.1/organizations", Map.of("action", "create"), Map.of("name", "ev"))
                    .data().path("orgId").asString();
            assertThat(admin.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                    ServerTestSupport.simpleModel("ev_model")).ok()).isTrue();
            String pk = admin.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId),
                    Map.of("productName", Map.of("defaultValue", "p"), "modelId", "ev_model")).data().asString();
            assetId = admin.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                    Map.of("productKey", pk, "deviceName", Map.of("defaultValue", "d"))).data().path("assetId")
                    .asString();
            var created = admin.post("/subscription-service/v2.1/subscriptions",
                    Map.of("action", "create", "orgId", orgId), Map.of("name", "events", "subType", 4)).data();
            subId = created.path("subId").asString();
            accessKey = created.path("accessKey").asString();
            secret = created.path("accessSecret").asString();

            // The sink's first two steps, as the device's post runs them; the server stops before the third.
            var event = new DeviceEventRecord(orgId, "ev_model", assetId, "overheat", ThingEvent.EventType.ERROR,
                    Map.of("temp", 91.5), time);
            var ticket = ctx.getBean(DurableEvents.class).intend(orgId, "ev_model", assetId,
                    SubscriptionEvents.deviceEvent(event));
            assertThat(ticket.id()).as("written ahead: an event subscription wants it").isPositive();
            ctx.getBean(DeviceEventStore.class).accept(event).join();
        }

        void after(ConfigurableApplicationContext ctx) throws Exception {
            try (var client = EnosSubscriptionClient.tcp(ctx.getBean(SubscriptionListener.class).port())) {
                assertThat(client.auth(accessKey, secret, subId, 4)).isZero();
                assertThat(client.subscribe(4, subId, accessKey, "app")).isZero();
                var received = new ArrayList<>(client.pullUntil(1, 10));
                for (int i = 0; i < 3; i++) {
                    received.addAll(client.pull().messages());
                }
                var deviceEvents = received.stream()
                        .filter(m -> m.value().contains("\"eventType\":\"DEVICE_EVENT\"")).toList();
                assertThat(deviceEvents).as("the stored event, once").hasSize(1);
                assertThat(deviceEvents.getFirst().value()).contains("\"eventId\":\"overheat\"",
                        "\"assetId\":\"" + assetId + "\"", "\"time\":" + time);
            }
            assertThat(ctx.getBean(DeviceEventStore.class).count(new DeviceEventStore.Query(orgId, assetId, null,
                    null, null, null, 0, 10))).isEqualTo(1);
            assertThat(JdbcClient.create(ctx.getBean(javax.sql.DataSource.class))
                    .sql("SELECT count(*) FROM subscription_event_outbox").query(Long.class).single())
                    .as("the outbox is drained").isZero();
        }
    }
}
