package org.openenos.server;

import java.util.Map;
import java.util.UUID;
import org.openenos.testkit.ApiFixtures;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What tests of a running server share: its address, the admin client, a fresh organization per test. The server
 * itself is declared by the subclass ({@link ServerTestBase} for the shared one).
 */
public abstract class ServerTestSupport {
    protected static final String ADMIN_PASSWORD = "Test-Admin-Password-1";

    @LocalServerPort
    protected int port;

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
