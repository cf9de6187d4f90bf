package org.openenos.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two packaged server nodes in cluster mode, processes of their own: node A with the embedded PostgreSQL, node B
 * using it as its external database (so node A is the one that must stay up), both with the same server keys.
 */
final class ServerNodes implements AutoCloseable {
    private final Path dataB;
    private final List<String> settingsB;
    private final PackagedServer a;
    private PackagedServer b;

    private ServerNodes(PackagedServer a, PackagedServer b, Path dataB, List<String> settingsB) {
        this.a = a;
        this.b = b;
        this.dataB = dataB;
        this.settingsB = settingsB;
    }

    /** Starts node A, then node B with node A's keys and database; {@code settings} go to both. */
    static ServerNodes start(Path dir, List<String> settings) throws Exception {
        Path dataA = Files.createDirectories(dir.resolve("node-a"));
        Path dataB = Files.createDirectories(dir.resolve("node-b"));
        int databasePort = PackagedServer.freePort();
        PackagedServer a = new PackagedServer(dataA).start(with(settings, "node-a",
                "--openenos.database.embedded-port=" + databasePort));
        try {
            shareKeys(dataA, dataB);
            String password = Files.readString(dataA.resolve("keys").resolve("postgres-openenos.password")).strip();
            List<String> settingsB = with(settings, "node-b",
                    "--openenos.database.jdbc-url=jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres",
                    "--openenos.database.username=openenos", "--openenos.database.password=" + password);
            return new ServerNodes(a, new PackagedServer(dataB).start(settingsB), dataB, settingsB);
        } catch (Exception e) {
            a.close();
            throw e;
        }
    }

    private static List<String> with(List<String> settings, String nodeId, String... more) {
        var all = new ArrayList<>(settings);
        all.addAll(List.of("--openenos.cluster.enabled=true", "--openenos.cluster.node-id=" + nodeId,
                "--openenos.cluster.heartbeat-interval=300ms", "--openenos.cluster.dead-after=3s",
                "--openenos.cluster.maintenance-interval=1s", "--openenos.bus.kafka.client-id=" + nodeId));
        all.addAll(List.of(more));
        return all;
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

    PackagedServer a() {
        return a;
    }

    PackagedServer b() {
        return b;
    }

    /** Starts node B again on its data directory, after a kill. */
    void restartB() throws Exception {
        b.close();
        b = new PackagedServer(dataB).start(settingsB);
    }

    /** Node B is killed (its data is thrown away); node A stops cleanly, so that its PostgreSQL stops with it. */
    @Override
    public void close() throws Exception {
        try {
            b.kill();
        } finally {
            a.close();
        }
    }
}
