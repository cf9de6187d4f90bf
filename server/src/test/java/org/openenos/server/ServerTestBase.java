package org.openenos.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the real server once for all tests that extend this class: embedded PostgreSQL on a fresh data directory,
 * HTTP on a random port, MQTT on a free port. Tests talk to it over real sockets only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerTestBase extends ServerTestSupport {
    static final Path DATA_DIR;
    /** Alert e-mail goes to this port; tests that read mail start an SMTP server (GreenMail) on it. */
    static final int SMTP_PORT;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("openenos-test");
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                SMTP_PORT = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        serverProperties(registry, DATA_DIR);
    }

    /** The settings every test server runs with, on the given data directory (a directory per running server). */
    static void serverProperties(DynamicPropertyRegistry registry, Path dataDir) {
        registry.add("openenos.data-dir", dataDir::toString);
        registry.add("openenos.admin-password", () -> ADMIN_PASSWORD);
        registry.add("openenos.mqtt.port", () -> "0");
        registry.add("openenos.mqtt.tls-port", () -> "0");
        registry.add("openenos.pki.web-socket-port", () -> "0");
        registry.add("openenos.subscription.port", () -> "0");
        registry.add("openenos.notifications.smtp.host", () -> "127.0.0.1");
        registry.add("openenos.notifications.smtp.port", () -> String.valueOf(SMTP_PORT));
        registry.add("openenos.notifications.max-attempts", () -> "3");
        registry.add("openenos.notifications.initial-backoff", () -> "100ms");
        // the tests stand in for a reverse proxy: X-Forwarded-For from loopback names the client
        registry.add("openenos.security.trusted-proxies", () -> "127.0.0.1");
    }
}
