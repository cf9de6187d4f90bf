package org.openenos.ota.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real S3-compatible server for tests: S3Proxy (Maven Central, {@code org.gaul:s3proxy}, its self-contained jar
 * copied to {@code target/s3proxy} by the build) run as a separate JVM with the filesystem backend in a temporary
 * folder, on a free port, with AWS signature v4 authentication. A separate process keeps S3Proxy's own libraries
 * off the test's class path.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "openenos-test";
    public static final String SECRET_KEY = "openenos-test-secret";
    private final Process process;
    private final URI endpoint;

    private S3ProxyServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts S3Proxy over {@code dir} (objects are files there) and waits until it accepts connections. */
    public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        Path jar = locateJar();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("objects"));
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "jclouds.filesystem.basedir=" + data.toAbsolutePath(), ""));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(),
                "--properties", conf.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        S3ProxyServer server = new S3ProxyServer(process, URI.create("http://127.0.0.1:" + port));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!server.accepts(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                server.close();
                throw new IllegalStateException("S3Proxy did not start: " + Files.readString(dir.resolve("s3proxy.log")));
            }
            Thread.sleep(100);
        }
        return server;
    }

    private boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path locateJar() {
        for (Path candidate : List.of(Path.of("target/s3proxy/s3proxy.jar"),
                Path.of("../adapters/s3/target/s3proxy/s3proxy.jar"), Path.of("adapters/s3/target/s3proxy/s3proxy.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new UncheckedIOException(new IOException("s3proxy.jar not found: build adapters/s3 first "
                + "(its generate-test-resources phase copies it)"));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Settings for this server and {@code bucket}, which {@link #createBucket} makes. */
    public S3Settings settings(String bucket) {
        return new S3Settings(endpoint, "us-east-1", bucket, ACCESS_KEY, SECRET_KEY, true, "", S3Settings.MIN_PART_SIZE);
    }

    public void createBucket(String bucket) {
        try (var client = S3FirmwareFiles.client(settings(bucket))) {
            client.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
