package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.ota.s3.S3ProxyServer;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

/**
 * {@code openenos.files.store=s3}: a firmware larger than one part is uploaded over the API into a bucket of a real
 * S3-compatible server (S3Proxy), and a device downloads it with its signed URL, resuming with a range request.
 */
class S3FileStoreTest {
    private static final String BUCKET = "openenos-files";

    @Test
    void firmwareGoesToTheBucketInPartsAndDevicesDownloadItWithRanges() throws Exception {
        Path dir = Files.createTempDirectory("openenos-s3-store");
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"))) {
            s3.createBucket(BUCKET);
            try (var ctx = SpringApplication.run(OpenEnosServer.class, "--server.port=0",
                    "--openenos.data-dir=" + dir.resolve("data"), "--openenos.admin-password=S3-Admin-Pass-1",
                    "--openenos.mqtt.port=0", "--openenos.mqtt.tls-port=0", "--openenos.pki.web-socket-port=0",
                    "--openenos.subscription.port=0", "--management.server.port=0",
                    "--openenos.files.store=s3", "--openenos.files.s3.endpoint=" + s3.endpoint(),
                    "--openenos.files.s3.bucket=" + BUCKET, "--openenos.files.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
                    "--openenos.files.s3.secret-key=" + S3ProxyServer.SECRET_KEY, "--openenos.files.s3.part-size=5MB")) {
                String base = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
                byte[] image = new byte[6 * 1024 * 1024 + 321];
                new Random(7).nextBytes(image);
                String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(image));

                ApiClient admin = ApiClient.user(base, "admin", "S3-Admin-Pass-1");
                String orgId = admin.post("/iam-service/v2.1/organizations", Map.of("action", "create"),
                        Map.of("name", "s3")).data().path("orgId").asString();
                var app = admin.post("/iam-service/v2.1/applications", Map.of("action", "create", "orgId", orgId),
                        Map.of("name", "s3"));
                ApiClient client = ApiClient.app(base, app.data().path("appKey").asString(),
                        app.data().path("appSecret").asString());
                client.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                        ServerTestBase.simpleModel("s3_store"));
                String productKey = client.post("/connect-service/v2.1/products", Map.of("action", "create",
                        "orgId", orgId), Map.of("productName", Map.of("defaultValue", "p"), "modelId", "s3_store"))
                        .data().asString();
                var dev = client.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                        Map.of("productKey", productKey, "deviceName", Map.of("defaultValue", "d")));
                var uploaded = client.upload("/connect-service/v2.1/ota-firmwares", Map.of("action", "create",
                        "orgId", orgId, "productKey", productKey), Map.of("metadata",
                        ApiClient.JSON.writeValueAsString(Map.of("version", "2.0", "signMethod", "md5", "sign", md5))),
                        "file", image);
                assertThat(uploaded.ok()).as(uploaded.toString()).isTrue();
                String firmwareId = uploaded.data().path("firmwareId").asString();

                try (S3Client bucket = s3Client(s3)) {
                    assertThat(bucket.listObjectsV2(l -> l.bucket(BUCKET).prefix("openenos/firmware/")).contents())
                            .extracting(S3Object::size).containsExactly((long) image.length);
                }
                assertThat(dir.resolve("data/firmware")).doesNotExist();

                String jobId = client.post("/connect-service/v2.1/ota-jobs", Map.of("action", "create",
                        "orgId", orgId, "firmwareId", firmwareId), Map.of("type", "upgrade",
                        "upgradeScope", Map.of("type", "all"))).data().path("jobId").asString();
                client.post("/connect-service/v2.1/ota-jobs", Map.of("action", "start", "orgId", orgId,
                        "jobId", jobId), null);
                try (MqttTestDevice device = MqttTestDevice.connect(ctx.getBean(MqttGateway.class).port(),
                        productKey, dev.data().path("deviceKey").asString(),
                        dev.data().path("deviceSecret").asString())) {
                    JsonNode params = device.next(device.topic("ota/device/upgrade")).path("params");
                    String url = base + params.path("fileUrl").asString();
                    HttpResponse<byte[]> head = get(url, "bytes=0-999");
                    HttpResponse<byte[]> rest = get(url, "bytes=1000-");
                    assertThat(head.statusCode()).isEqualTo(206);
                    assertThat(rest.statusCode()).isEqualTo(206);
                    byte[] whole = Arrays.copyOf(head.body(), image.length);
                    System.arraycopy(rest.body(), 0, whole, 1000, rest.body().length);
                    assertThat(rest.body().length).isEqualTo(image.length - 1000);
                    assertThat(whole).isEqualTo(image);
                }
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
            }
        }
    }

    private static S3Client s3Client(S3ProxyServer s3) {
        var settings = s3.settings(BUCKET);
        return S3Client.builder().endpointOverride(settings.endpoint()).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(settings.accessKey(),
                                settings.secretKey()))).build();
    }

    private static HttpResponse<byte[]> get(String url, String range) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Range", range).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
