package org.openenos.edge.app;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.openenos.edge.buffer.BufferDirectoryLock;
import org.openenos.edge.config.ConfigException;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.EdgeConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar openenos-edge-app.jar edge.yaml}: runs until SIGTERM, then flushes queued data to the log. */
public final class EdgeMain {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeMain.class);

    private EdgeMain() {
    }

    public static void main(String[] args) throws Exception {
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
