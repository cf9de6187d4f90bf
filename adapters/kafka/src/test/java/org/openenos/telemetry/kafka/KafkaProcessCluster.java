package org.openenos.telemetry.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Kafka brokers as separate JVM processes, so that a test can kill one with SIGKILL as a crash would: {@code n}
 * combined broker and controller nodes in KRaft mode, node i on 127.0.0.i, configured as {@link KafkaTestCluster}'s
 * in-process nodes are. Each process runs {@link KafkaBrokerMain} on this JVM's test classpath and logs to
 * {@code dir/node-i.log}.
 */
public final class KafkaProcessCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final List<Path> configs = new ArrayList<>();
    private final List<String> listeners = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private KafkaProcessCluster(Path dir, int nodes) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        int[] brokerPorts = new int[nodes];
        int[] controllerPorts = new int[nodes];
        var voters = new StringJoiner(",");
        for (int i = 0; i < nodes; i++) {
            brokerPorts[i] = KafkaTestCluster.freePort(KafkaTestCluster.host(i));
            controllerPorts[i] = KafkaTestCluster.freePort(KafkaTestCluster.host(i));
            voters.add((i + 1) + "@" + KafkaTestCluster.host(i) + ":" + controllerPorts[i]);
        }
        for (int i = 0; i < nodes; i++) {
            var props = KafkaTestCluster.nodeProperties(dir, i, nodes, brokerPorts[i], controllerPorts[i],
                    voters.toString());
            Path config = dir.resolve("node-" + (i + 1) + ".properties");
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, null);
            }
            configs.add(config);
            listeners.add(KafkaTestCluster.host(i) + ":" + brokerPorts[i]);
            processes.add(null);
        }
    }

    /**
     * Starts {@code nodes} broker processes together (each controller waits for a quorum of the others) and waits
     * until every broker has registered with the quorum.
     */
    public static KafkaProcessCluster start(Path dir, int nodes) {
        KafkaProcessCluster cluster;
        try {
            cluster = new KafkaProcessCluster(dir, nodes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (int i = 0; i < nodes; i++) {
                cluster.launch(i);
            }
            cluster.awaitBrokers(nodes);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void launch(int index) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m",
                "-Xmx512m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true",
                "-cp", classpath, KafkaBrokerMain.class.getName(), configs.get(index).toString(), clusterId);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node-" + (index + 1) + ".log")
                            .toFile())).start();
            processes.set(index, process);
            // a test JVM that ends without closing the cluster must not leave brokers running
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-kafka-" + (index + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitBrokers(int expected) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // listening first: an admin client started earlier logs a warning per refused connection
        for (int i = 0; i < listeners.size(); i++) {
            awaitListening(i, deadline);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000))) {
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < processes.size(); i++) {
                    if (processes.get(i) != null && !processes.get(i).isAlive()) {
                        throw new IllegalStateException("Kafka node " + (i + 1) + " exited; see "
                                + dir.resolve("node-" + (i + 1) + ".log"));
                    }
                }
                try {
                    if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() >= expected) {
                        return;
                    }
                } catch (Exception notYet) {
                    // no broker answers yet
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("Kafka brokers not registered within " + START_TIMEOUT + "; see " + dir);
    }

    private void awaitListening(int index, long deadline) {
        String[] hostPort = listeners.get(index).split(":");
        while (System.nanoTime() < deadline) {
            if (!processes.get(index).isAlive()) {
                throw new IllegalStateException("Kafka node " + (index + 1) + " exited; see "
                        + dir.resolve("node-" + (index + 1) + ".log"));
            }
            try (var socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public String bootstrapServers() {
        return String.join(",", listeners);
    }

    /** SIGKILL of node {@code index} (0-based): no flush, no hand-over, as a crash. */
    public void kill(int index) {
        Process process = processes.get(index);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long pid(int index) {
        return processes.get(index).pid();
    }

    /** Ends every broker at once: the data of a test cluster is thrown away, so nothing needs a clean stop. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            if (processes.get(i) != null && processes.get(i).isAlive()) {
                kill(i);
            }
        }
    }
}
