package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityApiTest extends ServerTestBase {

    @Test
    void theBootstrapAdministratorSignsInWithTheConfiguredPassword() {
        var r = ApiClient.anonymous(base()).post("/iam-service/v2.1/users", Map.of("action", "login"),
                Map.of("username", "admin", "password", ADMIN_PASSWORD));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.data().path("accessToken").asString()).hasSizeGreaterThan(20);
        assertThat(r.data().path("user").path("role").asString()).isEqualTo("SUPER_ADMIN");
        assertThat(r.data().path("user").has("passwordHash")).isFalse();
    }

    @Test
    void aWrongPasswordIsRefusedAndRepeatedFailuresAreThrottled() {
        ApiClient anon = ApiClient.anonymous(base());
        String user = "throttled-" + System.nanoTime();
        var first = anon.post("/iam-service/v2.1/users", Map.of("action", "login"),
                Map.of("username", user, "password", "nope-nope"));
        assertThat(first.status()).isEqualTo(401);
        assertThat(first.code()).isEqualTo(99401);
        for (int i = 0; i < 6; i++) {
            anon.post("/iam-service/v2.1/users", Map.of("action", "login"),
                    Map.of("username", user, "password", "nope-nope"));
        }
        var throttled = anon.post("/iam-service/v2.1/users", Map.of("action", "login"),
                Map.of("username", user, "password", "nope-nope"));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.body().path("msg").asString()).contains("too many");
    }

    @Test
    void callsWithoutCredentialsAreRefused() {
        var r = ApiClient.anonymous(base()).post("/connect-service/v2.1/products",
                Map.of("action", "search", "orgId", "o1"), Map.of());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo(99401);
    }

    @Test
    void anOrgAdminCreatesUsersWithRolesAndTheyCanSignIn() {
        Tenant t = newTenant();
        var created = t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", "viewer-" + t.orgId(), "password", "Viewer-Pass-1", "role", "VIEWER"));
        assertThat(created.ok()).as(created.toString()).isTrue();
        ApiClient viewer = ApiClient.user(base(), "viewer-" + t.orgId(), "Viewer-Pass-1");
        var me = viewer.post("/iam-service/v2.1/users", Map.of("action", "me"), null);
        assertThat(me.data().path("role").asString()).isEqualTo("VIEWER");
        assertThat(me.data().path("orgId").asString()).isEqualTo(t.orgId());
        var users = t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "search", "orgId", t.orgId()),
                null);
        assertThat(users.data().size()).isEqualTo(2);
    }

    @Test
    void anOrgAdminCannotGrantSuperAdminOrCreateOrganizations() {
        Tenant t = newTenant();
        var grant = t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", "root-" + t.orgId(), "password", "Whatever-Pass-1", "role", "SUPER_ADMIN"));
        assertThat(grant.status()).isEqualTo(400);
        var org = t.orgAdmin().post("/iam-service/v2.1/organizations", Map.of("action", "create"),
                Map.of("name", "sneaky-" + t.orgId()));
        assertThat(org.status()).isEqualTo(403);
        assertThat(org.code()).isEqualTo(99403);
    }

    @Test
    void rotatingAnApplicationSecretInvalidatesTheOldSecret() {
        Tenant t = newTenant();
        var app = t.orgAdmin().post("/iam-service/v2.1/applications", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("name", "rotating"));
        String key = app.data().path("appKey").asString();
        String oldSecret = app.data().path("appSecret").asString();
        var rotated = t.orgAdmin().post("/iam-service/v2.1/applications", Map.of("action", "rotateSecret",
                "orgId", t.orgId(), "appKey", key), null);
        String newSecret = rotated.data().path("appSecret").asString();
        assertThat(newSecret).isNotEqualTo(oldSecret);
        ApiClient fresh = ApiClient.app(base(), key, newSecret);
        assertThat(fresh.post("/connect-service/v2.1/products", Map.of("action", "search", "orgId", t.orgId()),
                Map.of()).ok()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiClient.app(base(), key, oldSecret))
                .hasMessageContaining("1003");
    }

    @Test
    void theOpenApiDocumentIsServed() {
        var r = ApiClient.execute(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + "/v3/api-docs"))
                .GET().build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("paths").has("/connect-service/v2.1/devices")).isTrue();
    }

    @Test
    void administrativeActionsLeaveAnAuditTrailThatOnlyAdministratorsRead() {
        Tenant t = newTenant();
        t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", "audited-" + t.orgId(), "password", "Audited-Pass-1", "role", "VIEWER"));
        var trail = t.orgAdmin().post("/iam-service/v2.1/audit-logs", Map.of("action", "search", "orgId", t.orgId()),
                null);
        assertThat(trail.data().findValuesAsString("action")).contains("user.create", "application.create");
        assertThat(trail.toString()).doesNotContain("Audited-Pass-1");
        ApiClient viewer = ApiClient.user(base(), "audited-" + t.orgId(), "Audited-Pass-1");
        assertThat(viewer.post("/iam-service/v2.1/audit-logs", Map.of("action", "search", "orgId", t.orgId()), null)
                .code()).isEqualTo(99403);
    }
}
