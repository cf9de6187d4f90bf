package org.openenos.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.openenos.testkit.ApiFixtures;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the real server once for all tests that extend this class: embedded PostgreSQL on a fresh data directory,
 * HTTP on a random port, MQTT on a free port. Tests talk to it over real sockets only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerTestBase {
    protected static final String ADMIN_PASSWORD = "Test-Admin-Password-1";
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

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("openenos.data-dir", DATA_DIR::toString);
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

    protected String base() {
        return "http://127.0.0.1:" + port;
    }

    protected ApiClient admin() {
        return ApiClient.user(base(), "admin", ADMIN_PASSWORD);
    }

    /** A new organization with an application acting in it; returns the org id and the app's client. */
    protected record Tenant(String orgId, ApiClient app, ApiClient orgAdmin) {
    }

    protected Tenant newTenant() {
        ApiFixtures.Api admin = fixturesApi(admin());
        String name = "org-" + UUID.randomUUID().toString().substring(0, 8);
        ApiFixtures.CreatedOrganization org = ApiFixtures.createOrganization(admin, name);
        ApiClient appClient = ApiClient.app(base(), org.appKey(), org.appSecret());
        String adminUser = "adm-" + name;
        new ApiFixtures(admin, org.orgId()).createUser(adminUser, "Org-Admin-Pass-1", "ORG_ADMIN");
        return new Tenant(org.orgId(), appClient, ApiClient.user(base(), adminUser, "Org-Admin-Pass-1"));
    }

    /** The testkit's fixtures call the API through this client. */
    protected static ApiFixtures.Api fixturesApi(ApiClient client) {
        return (path, params, body) -> client.post(path, params, body).body();
    }

    protected static Map<String, Object> simpleModel(String modelId) {
        return Map.of("modelId", modelId, "name", Map.of("defaultValue", "Inverter " + modelId),
                "attributes", Map.of("ratedPower", Map.of("name", Map.of("defaultValue", "Rated power"),
                        "dataType", "DOUBLE", "isRequired", false)),
                "measurepoints", Map.of(
                        "power", Map.of("identifier", "power", "name", Map.of("defaultValue", "Power"),
                                "dataType", "DOUBLE", "signalType", "AI", "hasQuality", false,
                                "unit", Map.of("unitId", "kW", "multiplier", "ONE")),
                        "temp", Map.of("identifier", "temp", "name", Map.of("defaultValue", "Temperature"),
                                "dataType", "DOUBLE", "signalType", "AI", "hasQuality", false)),
                "services", Map.of(), "events", Map.of());
    }
}
