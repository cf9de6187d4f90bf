package org.openenos.telemetry.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Kafka brokers started in this JVM for tests: {@code n} combined broker and controller nodes in KRaft mode, node i
 * on 127.0.0.i with free ports, a static controller quorum, replication of internal topics over every node (up to
 * 3) and min.insync.replicas 2 once there are three. No Docker, no ZooKeeper; one node is up in a few seconds.
 */
public final class KafkaTestCluster implements AutoCloseable {
    private final List<KafkaRaftServer> servers = new ArrayList<>();
    private final List<Boolean> running = new ArrayList<>();
    private final List<String> listeners = new ArrayList<>();

    private KafkaTestCluster(Path dir, int nodes) throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        int[] brokerPorts = new int[nodes];
        int[] controllerPorts = new int[nodes];
        var voters = new StringJoiner(",");
        for (int i = 0; i < nodes; i++) {
            brokerPorts[i] = freePort(host(i));
            controllerPorts[i] = freePort(host(i));
            voters.add((i + 1) + "@" + host(i) + ":" + controllerPorts[i]);
        }
        for (int i = 0; i < nodes; i++) {
            Properties props = nodeProperties(dir, i, nodes, brokerPorts[i], controllerPorts[i], voters.toString());
            Path config = dir.resolve("node-" + (i + 1) + ".properties");
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, null);
            }
            int formatted = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()},
                    new PrintStream(PrintStream.nullOutputStream()));
            if (formatted != 0) {
                throw new IllegalStateException("formatting the storage of node " + (i + 1) + " failed");
            }
            servers.add(new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM));
            running.add(false);
            listeners.add(host(i) + ":" + brokerPorts[i]);
        }
        // Together: each controller waits for a quorum of the others while it starts.
        var starting = new ArrayList<Thread>();
        for (int i = 0; i < nodes; i++) {
            int node = i;
            starting.add(Thread.ofPlatform().start(() -> servers.get(node).startup()));
            running.set(i, true);
        }
        for (Thread t : starting) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The configuration of node {@code index} (0-based) of a cluster of {@code nodes} on 127.0.0.(index+1): combined
     * broker and controller, replication over every node (up to 3), min.insync.replicas 2 once there are three.
     * Shared with {@link KafkaProcessCluster}, whose brokers are processes of their own.
     */
    static Properties nodeProperties(Path dir, int index, int nodes, int brokerPort, int controllerPort,
                                     String voters) {
        int replicas = Math.min(3, nodes);
        String host = host(index);
        var props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(index + 1));
        props.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":"
                + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.quorum.voters", voters);
        props.put("log.dirs", dir.resolve("node-" + (index + 1)).toString());
        props.put("offsets.topic.replication.factor", String.valueOf(replicas));
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", String.valueOf(replicas));
        props.put("transaction.state.log.min.isr", "1");
        props.put("min.insync.replicas", nodes >= 3 ? "2" : "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // stop() ends a broker without handing its partitions over first, as a killed process would
        props.put("controlled.shutdown.enable", "false");
        // a stopped broker is noticed in a few seconds instead of nine
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "3000");
        return props;
    }

    /** Starts {@code nodes} brokers with their data under {@code dir}. */
    public static KafkaTestCluster start(Path dir, int nodes) {
        try {
            return new KafkaTestCluster(dir, nodes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return String.join(",", listeners);
    }

    /** Stops node {@code index} (0-based) the way its process would end: nothing is handed over first. */
    public void stop(int index) {
        if (running.get(index)) {
            running.set(index, false);
            servers.get(index).shutdown();
            servers.get(index).awaitShutdown();
        }
    }

    @Override
    public void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            stop(i);
        }
    }

    static String host(int index) {
        return "127.0.0." + (index + 1);
    }

    static int freePort(String host) throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }
}
