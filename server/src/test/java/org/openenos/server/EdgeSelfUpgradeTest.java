package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openenos.edge.app.EdgeMain;
import org.openenos.edge.app.upgrade.EdgeHome;
import org.openenos.edge.app.upgrade.EdgeLauncher;
import org.openenos.testkit.Await;
import tools.jackson.databind.JsonNode;

/**
 * The OpenEnOS edge upgrading itself end to end: the edge runs as a separate process under its launcher, connected
 * to the real server as a gateway; an OTA job for the gateway's product upgrades it to a good version (downloaded,
 * verified, swapped, restarted, reconnected, counted succeeded), and a job with a version that does not start is
 * rolled back to the previous version, which reports the failure.
 */
class EdgeSelfUpgradeTest extends ConnectivityTestBase {
    private static final String FIRMWARES = "/connect-service/v2.1/ota-firmwares";
    private static final String JOBS = "/connect-service/v2.1/ota-jobs";

    @Test
    void theEdgeUpgradesItselfToAGoodVersionAndRollsBackABadOne() throws Exception {
        Tenant t = newTenant();
        assertThat(t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("edge_self")).ok()).isTrue();
        var product = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "edge"), "productType", "Gateway", "dataFormat", "Json",
                        "modelId", "edge_self", "biDirectionalAuth", false));
        assertThat(product.ok()).as(product.toString()).isTrue();
        String productKey = product.data().asString();
        JsonNode gateway = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create",
                "orgId", t.orgId()), Map.of("productKey", productKey, "deviceName", Map.of("defaultValue", "edge")))
                .data();

        Path dir = Files.createTempDirectory("edge-self-upgrade");
        EdgeHome home = EdgeHome.create(dir.resolve("home"), "1.0", version(dir, "1.0", EdgeMain.class.getName()));
        Path yaml = Files.writeString(dir.resolve("edge.yaml"), """
                gateway: {productKey: %s, deviceSecret: %s, serialNumber: %s}
                cloud: {host: 127.0.0.1, port: %d, reconnectMinMillis: 200, reconnectMaxMillis: 500, requestTimeoutMillis: 5000}
                buffer: {directory: "%s"}
                status: {port: -1}
                """.formatted(productKey, gateway.path("deviceSecret").asString(),
                gateway.path("deviceKey").asString(), this.gateway.port(), dir.resolve("buffer")));
        // the client compiler alone: each of the four edge processes lives for seconds, and on two cores the
        // optimizing compiler's threads would compete with the server for CPU they never pay back
        EdgeLauncher launcher = new EdgeLauncher(home, Duration.ofSeconds(90), List.of("-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-Dopenenos.edge.cloud-http-url=" + base()), List.of(yaml.toString()),
                Optional.of(dir.resolve("edge.log")));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> {
            try {
                return launcher.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            awaitReportedVersion(t, productKey, "1.0", dir);

            String good = job(t, upload(t, productKey, "2.0", version(dir, "2.0", EdgeMain.class.getName())));
            JsonNode upgraded = awaitFinished(t, good, dir);
            assertThat(upgraded.path("taskStatistics").path("succeeded").asInt()).isEqualTo(1);
            assertThat(home.currentVersion()).isEqualTo("2.0");
            Await.atMost(Duration.ofSeconds(30)).until("the trial is confirmed", () -> trialDone(home));
            awaitReportedVersion(t, productKey, "2.0", dir);

            // 3.0 does not start: its main class is missing
            String bad = job(t, upload(t, productKey, "3.0", version(dir, "3.0", "org.openenos.edge.app.Missing")));
            JsonNode refused = awaitFinished(t, bad, dir);
            assertThat(refused.path("taskStatistics").path("failed").asInt()).isEqualTo(1);
            JsonNode task = t.app().post(JOBS, Map.of("action", "searchTask", "orgId", t.orgId(), "jobId", bad),
                    Map.of()).data().get(0);
            assertThat(task.path("status").asString()).isEqualTo("failed");
            assertThat(task.toString()).contains("exited with code 1").contains("rolled back to 2.0");
            assertThat(home.currentVersion()).isEqualTo("2.0");
            awaitReportedVersion(t, productKey, "2.0", dir);
        } finally {
            launcher.stop();
            running.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static boolean trialDone(EdgeHome home) {
        try {
            return home.trialVersion().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void awaitReportedVersion(Tenant t, String productKey, String version, Path dir) {
        Await.atMost(Duration.ofSeconds(90)).until("the edge reports " + version + " (log: " + dir + "/edge.log)",
                () -> t.app().post(FIRMWARES, Map.of("action", "searchDeviceUpgrade", "orgId", t.orgId()),
                        Map.of("productKey", productKey)).data(),
                d -> d.size() == 1 && d.get(0).path("firmwareVersion").asString().equals(version));
    }

    private JsonNode awaitFinished(Tenant t, String jobId, Path dir) {
        return Await.atMost(Duration.ofSeconds(120)).until("job " + jobId + " finishes (log: " + dir + "/edge.log)",
                () -> t.app().post(JOBS, Map.of("action", "get", "orgId", t.orgId(), "jobId", jobId), null).data(),
                j -> j.path("status").asString().equals("finished"));
    }

    private String upload(Tenant t, String productKey, String version, Path jar) throws Exception {
        byte[] file = Files.readAllBytes(jar);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        var response = t.app().upload(FIRMWARES, Map.of("action", "create", "orgId", t.orgId(),
                        "productKey", productKey),
                Map.of("metadata", ApiClient.JSON.writeValueAsString(Map.of("name", Map.of("defaultValue", "edge"),
                        "version", version, "signMethod", "sha256", "sign", sha256, "enableVerification", false))),
                "file", file);
        assertThat(response.ok()).as(response.toString()).isTrue();
        return response.data().path("firmwareId").asString();
    }

    private String job(Tenant t, String firmwareId) {
        var created = t.app().post(JOBS, Map.of("action", "create", "orgId", t.orgId(), "firmwareId", firmwareId),
                Map.of("name", Map.of("defaultValue", "edge"), "type", "upgrade",
                        "upgradeScope", Map.of("type", "all"), "upgradeTimeout", "600"));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String jobId = created.data().path("jobId").asString();
        assertThat(t.app().post(JOBS, Map.of("action", "start", "orgId", t.orgId(), "jobId", jobId), null).ok())
                .isTrue();
        return jobId;
    }

    /** An edge "release": a jar whose class path is this test's, whose main class is the edge's (or missing). */
    private static Path version(Path dir, String version, String mainClass) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, mainClass);
        main.put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" ")));
        Path jar = dir.resolve("release-" + version + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.putNextEntry(new JarEntry("openenos-edge-version.txt"));
            j.write(version.getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }
}
