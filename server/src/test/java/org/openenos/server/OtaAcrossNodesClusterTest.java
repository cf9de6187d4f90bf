package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.ota.s3.S3ProxyServer;
import org.openenos.testkit.ApiFixtures;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An OTA job in a cluster of two real nodes sharing one PostgreSQL and one S3-compatible file store: one device on
 * each node, so whichever node drives the job, one push crosses to the other node. Each device gets exactly one
 * push (one driver at a time), downloads through the node it is connected to, and the job completes. Runs in the
 * Maven profile {@code cluster}: {@code ./mvnw -pl server verify -Pcluster -Dtest=OtaAcrossNodesClusterTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("cluster")
class OtaAcrossNodesClusterTest {
    private static final String ADMIN_PASSWORD = TwoServerNodes.ADMIN_PASSWORD;
    private static final String JOBS = "/connect-service/v2.1/ota-jobs";
    private static final String BUCKET = "cluster-files";
    private static S3ProxyServer s3;
    private static TwoServerNodes nodes;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        s3 = S3ProxyServer.start(Files.createTempDirectory("openenos-cluster-s3"));
        s3.createBucket(BUCKET);
        nodes = TwoServerNodes.start("node", Map.of("openenos.files.store", "s3",
                "openenos.files.s3.endpoint", s3.endpoint().toString(), "openenos.files.s3.bucket", BUCKET,
                "openenos.files.s3.access-key", S3ProxyServer.ACCESS_KEY,
                "openenos.files.s3.secret-key", S3ProxyServer.SECRET_KEY));
        nodeA = nodes.nodeA();
        nodeB = nodes.nodeB();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aJobDrivenByOneNodeUpgradesDevicesOnBothNodesWithOnePushEach() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ApiClient admin = ApiClient.user(base(nodeA), "admin", ADMIN_PASSWORD);
        ApiFixtures.CreatedOrganization org = ApiFixtures.createOrganization(ServerTestBase.fixturesApi(admin),
                "org-ota-" + suffix);
        ApiClient appA = ApiClient.app(base(nodeA), org.appKey(), org.appSecret());
        ApiClient appB = ApiClient.app(base(nodeB), org.appKey(), org.appSecret());
        String modelId = "m_ota_" + suffix;
        assertThat(appA.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", org.orgId()),
                ServerTestBase.simpleModel(modelId)).ok()).isTrue();
        String productKey = appA.post("/connect-service/v2.1/products", Map.of("action", "create",
                "orgId", org.orgId()), Map.of("productName", Map.of("defaultValue", "p"), "modelId", modelId))
                .data().asString();
        JsonNode onA = device(appA, org.orgId(), productKey);
        JsonNode onB = device(appA, org.orgId(), productKey);

        byte[] image = new byte[200_000];
        new Random(3).nextBytes(image);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image));
        var uploaded = appA.upload("/connect-service/v2.1/ota-firmwares", Map.of("action", "create",
                "orgId", org.orgId(), "productKey", productKey), Map.of("metadata", ApiClient.JSON.writeValueAsString(
                Map.of("version", "2.0", "signMethod", "md5", "sign", md5))), "file", image);
        assertThat(uploaded.ok()).as(uploaded.toString()).isTrue();

        try (MqttTestDevice a = connect(nodeA, productKey, onA); MqttTestDevice b = connect(nodeB, productKey, onB)) {
            a.request("ota/device/inform", "ota.device.inform", Map.of("version", "1.0"), "v1");
            b.request("ota/device/inform", "ota.device.inform", Map.of("version", "1.0"), "v1");
            String jobId = appA.post(JOBS, Map.of("action", "create", "orgId", org.orgId(), "firmwareId",
                    uploaded.data().path("firmwareId").asString()), Map.of("type", "upgrade",
                    "upgradeScope", Map.of("type", "all"))).data().path("jobId").asString();
            assertThat(appA.post(JOBS, Map.of("action", "start", "orgId", org.orgId(), "jobId", jobId), null).ok())
                    .isTrue();

            String urlA = a.next(a.topic("ota/device/upgrade")).path("params").path("fileUrl").asString();
            String urlB = b.next(b.topic("ota/device/upgrade")).path("params").path("fileUrl").asString();
            assertThat(download(base(nodeA) + urlA)).isEqualTo(image);
            assertThat(download(base(nodeB) + urlB)).as("node B serves the file node A stored").isEqualTo(image);
            Thread.sleep(3_000); // several passes of both nodes' timers
            assertThat(a.received()).as("one push, from one driver").noneMatch(m -> m.topic().endsWith("/upgrade"));
            assertThat(b.received()).as("one push, from one driver").noneMatch(m -> m.topic().endsWith("/upgrade"));
            List<String> drivers = nodeA.getBean(JdbcClient.class).sql("SELECT driver FROM ota_jobs WHERE job_id = ?")
                    .param(jobId).query(String.class).list();
            assertThat(drivers).hasSize(1).allSatisfy(d -> assertThat(d).isNotBlank());

            a.request("ota/device/inform", "ota.device.inform", Map.of("version", "2.0"), "v2");
            b.request("ota/device/inform", "ota.device.inform", Map.of("version", "2.0"), "v2");
            JsonNode job = Await.atMost(Duration.ofSeconds(20)).until("the job finishes",
                    () -> appB.post(JOBS, Map.of("action", "get", "orgId", org.orgId(), "jobId", jobId), null).data(),
                    j -> j.path("status").asString().equals("finished"));
            assertThat(job.path("taskStatistics").path("succeeded").asInt()).isEqualTo(2);
        }
    }

    private static JsonNode device(ApiClient app, String orgId, String productKey) {
        var created = app.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                Map.of("productKey", productKey, "deviceName", Map.of("defaultValue", "d")));
        assertThat(created.ok()).as(created.toString()).isTrue();
        return created.data();
    }

    private static MqttTestDevice connect(ConfigurableApplicationContext node, String productKey, JsonNode device)
            throws Exception {
        return MqttTestDevice.connect(node.getBean(MqttGateway.class).port(), productKey,
                device.path("deviceKey").asString(), device.path("deviceSecret").asString());
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String base(ConfigurableApplicationContext node) {
        return "http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port");
    }
}
