package org.openenos.systemtest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged server jar started as its own process, as a user starts it; can be stopped or killed with SIGKILL. */
final class PackagedServer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "System-Test-Admin-1";
    private final Path dataDir;
    private final int httpPort;
    private final int mqttPort;
    private final int subscriptionPort;
    private Process process;

    PackagedServer(Path dataDir) throws IOException {
        this.dataDir = dataDir;
        this.httpPort = freePort();
        this.mqttPort = freePort();
        this.subscriptionPort = freePort();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    PackagedServer start() throws Exception {
        return start(List.of());
    }

    /** Starts the jar with {@code settings} as further command-line arguments ({@code --name=value}). */
    PackagedServer start(List<String> settings) throws Exception {
        Path jar = Path.of(System.getProperty("openenos.serverJar", "../server/target/openenos-server.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("packaged server not found at " + jar.toAbsolutePath());
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toAbsolutePath().toString(), "--server.port=" + httpPort,
                "--openenos.mqtt.port=" + mqttPort, "--openenos.mqtt.tls-port=0", "--openenos.pki.web-socket-port=0",
                "--openenos.subscription.port=" + subscriptionPort,
                "--openenos.data-dir=" + dataDir.toAbsolutePath(), "--management.server.port=0"));
        cmd.addAll(settings);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName()
                        + ".log").toFile()));
        pb.environment().put("OPENENOS_ADMIN_PASSWORD", ADMIN_PASSWORD);
        process = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue());
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        // stopped, not left running: a test that fails here never closes this server, and it would hold its ports,
        // its PostgreSQL and CPU after the test JVM is gone
        close();
        throw new IllegalStateException("server not up within 300 s; its log: " + dataDir.resolveSibling(
                dataDir.getFileName() + ".log"));
    }

    String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    int mqttPort() {
        return mqttPort;
    }

    Path dataDir() {
        return dataDir;
    }

    long pid() {
        return process.pid();
    }

    int subscriptionPort() {
        return subscriptionPort;
    }

    /** SIGKILL: no shutdown hook, no flush, exactly what a power cut or an OOM killer does. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
