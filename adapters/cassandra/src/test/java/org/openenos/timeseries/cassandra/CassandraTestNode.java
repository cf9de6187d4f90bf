package org.openenos.timeseries.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Cassandra 5.0 node for tests, in a JVM of its own: Cassandra 5.0 runs on JDK 11 or 17 only, and its
 * dependencies would clash with the driver's. The classpath comes from Maven Central through
 * {@code cassandra-node.pom.xml} (resolved once into {@code target/cassandra-classpath.txt}); the node gets a minimal
 * {@code cassandra.yaml} of its own, since the jar ships none. Nodes of one cluster listen on 127.0.0.N with the same
 * ports.
 */
public final class CassandraTestNode implements AutoCloseable {
    /** The JDK the node runs on; override with {@code -Dopenenos.test.cassandra-java=/path/to/java}. */
    private static final String JAVA = System.getProperty("openenos.test.cassandra-java",
            "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    /** The JVM options of Cassandra's jvm17-server.options that a node needs to start. */
    private static final List<String> JDK17_OPTIONS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.math=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED");

    /** Virtual nodes (tokens) per node. */
    static final int VNODES = 16;

    private final String address;
    private final int nativePort;
    private final Path dir;
    private final List<String> command;
    private Process process;

    private CassandraTestNode(String address, int nativePort, Path dir, List<String> command) {
        this.address = address;
        this.nativePort = nativePort;
        this.dir = dir;
        this.command = command;
    }

    /** Ports shared by the nodes of one test cluster (each node on its own loopback address). */
    public record Ports(int storage, int nativeTransport) {
        public static Ports free() {
            return new Ports(freePort(), freePort());
        }
    }

    /**
     * Starts node {@code n} (1-based, address 127.0.0.n) in {@code dir} and waits until it takes CQL connections; the
     * first node is the seed. {@code heap} as for -Xmx, e.g. "512M".
     */
    public static CassandraTestNode start(Path dir, int n, Ports ports, String heap) {
        CassandraTestNode node = spawn(dir, n, ports, heap, "");
        node.awaitStarted();
        return node;
    }

    /**
     * Starts the process of node {@code n} of a cluster of {@code size} without waiting for it (see
     * {@link #awaitStarted()}): its vnode tokens are given, evenly spread and distinct from the other nodes', so that
     * nodes joining at the same time cannot pick the same ones.
     */
    static CassandraTestNode spawn(Path dir, int n, int size, Ports ports, String heap) {
        return spawn(dir, n, ports, heap, tokens(n, size));
    }

    /** {@value #VNODES} tokens of node {@code n} of {@code size}: every size-th of VNODES * size equal steps. */
    static String tokens(int n, int size) {
        java.math.BigInteger step = java.math.BigInteger.TWO.pow(64)
                .divide(java.math.BigInteger.valueOf((long) VNODES * size));
        java.math.BigInteger min = java.math.BigInteger.TWO.pow(63).negate();
        var tokens = new ArrayList<String>();
        for (int i = 0; i < VNODES; i++) {
            tokens.add(min.add(step.multiply(java.math.BigInteger.valueOf((long) i * size + n - 1))).toString());
        }
        return String.join(",", tokens);
    }

    private static CassandraTestNode spawn(Path dir, int n, Ports ports, String heap, String initialTokens) {
        try {
            Files.createDirectories(dir);
            String address = "127.0.0." + n;
            Path yaml = dir.resolve("cassandra.yaml");
            Files.writeString(yaml, yaml(dir, address, ports)
                    + (initialTokens.isEmpty() ? "" : "initial_token: " + initialTokens + "\n"));
            Path logback = dir.resolve("logback.xml");
            Files.writeString(logback, LOGBACK.replace("LOG_FILE", dir.resolve("system.log").toString()));
            Path classpath = classpathFile();
            String cp = Files.readString(classpath).trim();
            String jamm = List.of(cp.split(java.io.File.pathSeparator)).stream()
                    .filter(j -> j.contains("jamm")).findFirst().orElseThrow();
            var command = new ArrayList<String>();
            command.add(JAVA);
            command.addAll(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-Xss256k",
                    "-XX:ActiveProcessorCount=2", "-javaagent:" + jamm, "-Djava.net.preferIPv4Stack=true",
                    // a test node lives for minutes: the client compiler alone halves the CPU a start costs, and
                    // the system tables need no fsync (a crash of the test node loses nothing a test needs)
                    "-XX:TieredStopAtLevel=1", "-Dcassandra.unsafesystem=true",
                    "-Dcassandra-foreground=yes", "-Dcassandra.config=" + yaml.toUri(),
                    "-Dcassandra.storagedir=" + dir, "-Dlogback.configurationFile=" + logback,
                    "-Dcassandra.jmx.local.port=" + freePort(), "-Dcassandra.ring_delay_ms=3000",
                    "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.superuser_setup_delay_ms=0"));
            command.addAll(JDK17_OPTIONS);
            command.addAll(List.of("-cp", cp, "org.apache.cassandra.service.CassandraDaemon"));
            var node = new CassandraTestNode(address, ports.nativeTransport(), dir, command);
            node.launch();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        // A test JVM that ends without closing the node (a failed fork, Ctrl-C) must not leave it running.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "stop-cassandra-" + address));
    }

    /** Waits until the node takes CQL connections (at most 240 s). */
    void awaitStarted() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Cassandra node " + address + " exited; see " + dir.resolve("stdout.log"));
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, nativePort), 500);
                return;
            } catch (IOException notYet) {
                sleep(500);
            }
        }
        throw new IllegalStateException("Cassandra node " + address + " did not start in 240 s; see " + dir);
    }

    /** Starts the node again after {@link #kill()} or {@link #close()}, with its data. */
    public void restart() {
        launch();
        awaitStarted();
    }

    /** SIGKILL, as a crash: no flush, no drain. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    public String address() {
        return address;
    }

    public InetSocketAddress contactPoint() {
        return new InetSocketAddress(address, nativePort);
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void waitFor() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The node classpath, resolved by Maven from {@code cassandra-node.pom.xml} the first time (then kept in
     * {@code target/}); the module's directory is found from this class's location.
     */
    static synchronized Path classpathFile() throws IOException {
        Path module = moduleDir();
        Path file = module.resolve("target/cassandra-classpath.txt");
        if (Files.exists(file) && Files.size(file) > 0) {
            return file;
        }
        Path mvnw = module.resolve("../../mvnw").normalize();
        var pb = new ProcessBuilder(mvnw.toString(), "-q", "-B", "-f", module.resolve("cassandra-node.pom.xml")
                .toString(), "dependency:build-classpath", "-Dmdep.outputFile=" + file).inheritIO();
        try {
            int exit = pb.start().waitFor();
            if (exit != 0 || !Files.exists(file)) {
                throw new IllegalStateException("could not resolve the Cassandra classpath (exit " + exit + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return file;
    }

    private static Path moduleDir() {
        try {
            Path classes = Path.of(CassandraTestNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = classes; p != null; p = p.getParent()) {
                if (Files.exists(p.resolve("cassandra-node.pom.xml"))) {
                    return p;
                }
                if (Files.exists(p.resolve("adapters/cassandra/cassandra-node.pom.xml"))) {
                    return p.resolve("adapters/cassandra");
                }
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("cannot find adapters/cassandra from " + CassandraTestNode.class);
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String yaml(Path dir, String address, Ports ports) {
        return """
                cluster_name: openenos-test
                num_tokens: VNODES
                allocate_tokens_for_local_replication_factor: 3
                auto_bootstrap: false
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                endpoint_snitch: SimpleSnitch
                data_file_directories: [DIR/data]
                commitlog_directory: DIR/commitlog
                saved_caches_directory: DIR/saved_caches
                hints_directory: DIR/hints
                cdc_raw_directory: DIR/cdc_raw
                commitlog_sync: periodic
                commitlog_sync_period: 10000ms
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "127.0.0.1:STORAGE"
                listen_address: ADDRESS
                rpc_address: ADDRESS
                storage_port: STORAGE
                native_transport_port: NATIVE
                start_native_transport: true
                concurrent_compactors: 1
                write_request_timeout: 10000ms
                read_request_timeout: 10000ms
                range_request_timeout: 20000ms
                request_timeout: 20000ms
                compaction_throughput: 64MiB/s
                key_cache_size: 16MiB
                counter_cache_size: 0MiB
                """.replace("VNODES", String.valueOf(VNODES)).replace("DIR", dir.toString()).replace("ADDRESS", address)
                .replace("STORAGE", String.valueOf(ports.storage()))
                .replace("NATIVE", String.valueOf(ports.nativeTransport()));
    }

    private static final String LOGBACK = """
            <configuration>
              <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                <file>LOG_FILE</file>
                <encoder><pattern>%d %-5level [%thread] %logger{20} %msg%n</pattern></encoder>
              </appender>
              <root level="INFO"><appender-ref ref="FILE"/></root>
            </configuration>
            """.stripIndent();

    /** A readable summary of the node's log tail, for failures. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("system.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
