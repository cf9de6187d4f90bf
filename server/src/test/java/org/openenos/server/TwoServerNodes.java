package org.openenos.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.registry.postgres.MetadataDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two real server nodes in one test JVM, as a cluster of two machines: node A starts its embedded PostgreSQL, node B
 * reaches it by its JDBC URL as an external database and holds the same server keys. Each node has a data directory
 * of its own and takes free ports; devices, the API and the tests reach them over real sockets only. Shared by the
 * multi-node tests, which pass the settings both nodes get (the bus, the file store, shorter intervals).
 */
final class TwoServerNodes implements AutoCloseable {
    static final String ADMIN_PASSWORD = "Test-Admin-Password-1";

    private final ConfigurableApplicationContext nodeA;
    private ConfigurableApplicationContext nodeB;
    private final String nodeIdB;
    private final Path dataB;
    private final Map<String, String> settingsB;

    private TwoServerNodes(ConfigurableApplicationContext nodeA, ConfigurableApplicationContext nodeB, String nodeIdB,
                           Path dataB, Map<String, String> settingsB) {
        this.nodeA = nodeA;
        this.nodeB = nodeB;
        this.nodeIdB = nodeIdB;
        this.dataB = dataB;
        this.settingsB = settingsB;
    }

    /** Starts node A, then node B; node ids are {@code name}-a and {@code name}-b. */
    static TwoServerNodes start(String name, Map<String, String> both) throws IOException {
        Path dataA = Files.createTempDirectory("openenos-" + name + "-a");
        ConfigurableApplicationContext a = startNode(name + "-a", dataA, both);
        try {
            String jdbcUrl = a.getBean(MetadataDatabase.class).jdbcUrl();
            String password = Files.readString(dataA.resolve("keys").resolve("postgres-openenos.password")).strip();
            Path dataB = Files.createTempDirectory("openenos-" + name + "-b");
            shareKeys(dataA, dataB);
            Map<String, String> onB = new LinkedHashMap<>(both);
            onB.putAll(Map.of("openenos.database.jdbc-url", jdbcUrl, "openenos.database.username", "openenos",
                    "openenos.database.password", password));
            return new TwoServerNodes(a, startNode(name + "-b", dataB, onB), name + "-b", dataB, Map.copyOf(onB));
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /**
     * The settings of two nodes sharing the bus on one test broker ({@code bootstrapServers}): no replication to ask
     * of a single broker, {@code partitions} so a test can give each node some.
     */
    static Map<String, String> onOneKafkaBroker(String bootstrapServers, int partitions) {
        return Map.of("openenos.bus.type", "kafka", "openenos.bus.kafka.bootstrap-servers", bootstrapServers,
                "openenos.bus.kafka.partitions", String.valueOf(partitions),
                "openenos.bus.kafka.replication-factor", "1", "openenos.bus.kafka.min-insync-replicas", "1");
    }

    ConfigurableApplicationContext nodeA() {
        return nodeA;
    }

    ConfigurableApplicationContext nodeB() {
        return nodeB;
    }

    /** Closes node B as a node shutting down does; node A goes on alone. */
    void stopB() {
        if (nodeB != null) {
            nodeB.close();
            nodeB = null;
        }
    }

    /** Starts node B again (after {@link #stopB()}) on its data directory, as a node rejoining the cluster. */
    void startB() {
        if (nodeB != null) {
            throw new IllegalStateException("node B is running");
        }
        nodeB = startNode(nodeIdB, dataB, settingsB);
    }

    static String base(ConfigurableApplicationContext node) {
        return "http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port");
    }

    static int mqttPort(ConfigurableApplicationContext node) {
        return node.getBean(MqttGateway.class).port();
    }

    @Override
    public void close() {
        stopB();
        nodeA.close();
    }

    /** Every node of a cluster holds the same server keys: stored secrets, OTA links, the device CA. */
    private static void shareKeys(Path from, Path to) throws IOException {
        Path keys = to.resolve("keys");
        Files.createDirectories(keys.resolve("pki"));
        for (String file : List.of("secrets.key", "ota-download.key")) {
            Files.copy(from.resolve("keys").resolve(file), keys.resolve(file));
        }
        try (var pki = Files.list(from.resolve("keys").resolve("pki"))) {
            for (Path p : pki.toList()) {
                Files.copy(p, keys.resolve("pki").resolve(p.getFileName()));
            }
        }
    }

    private static ConfigurableApplicationContext startNode(String nodeId, Path dataDir, Map<String, String> more) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("openenos.data-dir", dataDir.toString());
        props.put("openenos.admin-password", ADMIN_PASSWORD);
        props.put("server.port", "0");
        props.put("management.server.port", "0");
        props.put("openenos.mqtt.port", "0");
        props.put("openenos.mqtt.tls-port", "0");
        props.put("openenos.pki.web-socket-port", "0");
        props.put("openenos.subscription.port", "0");
        props.put("openenos.cluster.enabled", "true");
        props.put("openenos.cluster.node-id", nodeId);
        props.put("openenos.cluster.heartbeat-interval", "300ms");
        props.put("openenos.cluster.dead-after", "3s");
        props.put("openenos.bus.kafka.client-id", nodeId);
        props.putAll(more);
        // as command-line arguments: they take precedence over application.properties (server.port=8080)
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(OpenEnosServer.class).run(args);
    }
}
