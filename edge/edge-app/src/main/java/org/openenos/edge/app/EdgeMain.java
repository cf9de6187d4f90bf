package org.openenos.edge.app;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.openenos.edge.buffer.BufferDirectoryLock;
import org.openenos.edge.config.ConfigException;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.app.upgrade.EdgeHome;
import org.openenos.edge.app.upgrade.EdgeLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar openenos-edge-app.jar edge.yaml}: runs until SIGTERM, then flushes queued data to the log.
 * {@code … install-home DIR VERSION} and {@code … launch --home DIR edge.yaml} set up and run an edge that upgrades
 * itself (docs/architecture/edge.md, "Upgrading the edge itself").
 */
public final class EdgeMain {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeMain.class);

    private EdgeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("launch")) {
            EdgeLauncher.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length == 3 && args[0].equals("install-home")) {
            Path self = Path.of(EdgeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            EdgeHome.installLauncher(EdgeHome.create(Path.of(args[1]), args[2], self), self);
            System.out.println("edge " + args[2] + " installed in " + args[1] + "; start it with "
                    + Path.of(args[1], "bin", "openenos-edge") + " edge.yaml");
            return;
        }
        Path file = Path.of(args.length > 0 ? args[0] : "edge.yaml");
        EdgeConfig config;
        try {
            config = new EdgeConfigLoader().load(file);
        } catch (ConfigException e) {
            // The message already holds file, line and reason; a stack trace would only bury it.
            System.err.println("invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        EdgeApplication app;
        try {
            app = EdgeApplication.start(config);
        } catch (BufferDirectoryLock.BufferLockedException e) {
            System.err.println("cannot start: " + e.getMessage());
            System.exit(3);
            return;
        }
        LOG.info("status endpoint on port {}", app.statusPort());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "edge-shutdown"));
        stopped.await();
    }
}
