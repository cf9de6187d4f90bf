package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.ApiFixtures;

/** Organization administrators define roles as permission sets and assign them to users and applications. */
class CustomRolesApiTest extends ServerTestBase {
    private static final String ROLES = "/iam-service/v2.1/roles";
    private static final String ASSIGNMENTS = "/iam-service/v2.1/role-assignments";

    private record Member(String userId, ApiClient client) {
    }

    private Member member(Tenant t, String role) {
        String name = role.toLowerCase() + "-" + System.nanoTime();
        var r = t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", name, "password", "Password-123", "role", role));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return new Member(r.data().path("userId").asString(), ApiClient.user(base(), name, "Password-123"));
    }

    private static Map<String, Object> p(String action, String orgId) {
        return Map.of("action", action, "orgId", orgId);
    }

    private ApiClient.Response createDevice(ApiClient client, Tenant t) {
        return client.post("/connect-service/v2.1/devices", p("create", t.orgId()),
                Map.of("productKey", "none", "deviceName", Map.of("defaultValue", "d")));
    }

    @Test
    void aRoleStartsFromABuiltInTemplateAndIsChangedAndDeletedWithAnAuditTrail() {
        Tenant t = newTenant();
        var created = t.orgAdmin().post(ROLES, p("create", t.orgId()),
                Map.of("name", "Site operator", "template", "OPERATOR", "description", "runs one site"));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String roleId = created.data().path("roleId").asString();
        assertThat(created.data().path("permissions").toString()).contains("commands:write", "devices:read")
                .doesNotContain("users:write");

        var updated = t.orgAdmin().post(ROLES, Map.of("action", "update", "orgId", t.orgId(), "roleId", roleId),
                Map.of("permissions", List.of("devices:read", "timeseries:read", "commands:write")));
        assertThat(updated.data().path("permissions").size()).isEqualTo(3);
        var search = t.orgAdmin().post(ROLES, p("search", t.orgId()), null);
        assertThat(search.data().findValuesAsString("name")).contains("Site operator", "VIEWER", "OPERATOR");

        var bad = t.orgAdmin().post(ROLES, p("create", t.orgId()), Map.of("name", "x",
                "permissions", List.of("devices:fly")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("msg").asString()).contains("devices:fly");

        assertThat(t.orgAdmin().post(ROLES, Map.of("action", "delete", "orgId", t.orgId(), "roleId", roleId), null)
                .ok()).isTrue();
        var trail = t.orgAdmin().post("/iam-service/v2.1/audit-logs", p("search", t.orgId()), null);
        assertThat(trail.data().findValuesAsString("action")).contains("role.create", "role.update", "role.delete");
    }

    @Test
    void anAssignedRoleReplacesTheBuiltInRoleAndUnassigningRestoresIt() {
        Tenant t = newTenant();
        Member viewer = member(t, "VIEWER");
        assertThat(createDevice(viewer.client(), t).code()).isEqualTo(99403);
        String roleId = t.orgAdmin().post(ROLES, p("create", t.orgId()), Map.of("name", "Device keeper",
                "permissions", List.of("devices:read", "devices:write"))).data().path("roleId").asString();
        var assigned = t.orgAdmin().post(ASSIGNMENTS, p("assign", t.orgId()),
                Map.of("userId", viewer.userId(), "roleId", roleId));
        assertThat(assigned.ok()).as(assigned.toString()).isTrue();

        assertThat(createDevice(viewer.client(), t).code()).as("now allowed to write devices; the product is unknown")
                .isNotEqualTo(99403);
        var dashboards = viewer.client().post("/dashboard-service/v2.1/dashboards", p("search", t.orgId()), null);
        assertThat(dashboards.code()).as("the role replaces the viewer role").isEqualTo(99403);
        var mine = viewer.client().post(ROLES, Map.of("action", "mine"), null);
        assertThat(mine.data().path("grants").get(0).path("roleId").asString()).isEqualTo(roleId);

        assertThat(t.orgAdmin().post(ASSIGNMENTS, p("unassign", t.orgId()),
                Map.of("userId", viewer.userId(), "roleId", roleId)).ok()).isTrue();
        assertThat(createDevice(viewer.client(), t).code()).isEqualTo(99403);
        var trail = t.orgAdmin().post("/iam-service/v2.1/audit-logs", p("search", t.orgId()), null);
        assertThat(trail.data().findValuesAsString("action")).contains("role.assign", "role.unassign");
    }

    @Test
    void applicationsHoldRolesToo() {
        Tenant t = newTenant();
        ApiFixtures.Api admin = fixturesApi(t.orgAdmin());
        var app = admin.post("/iam-service/v2.1/applications", p("create", t.orgId()),
                Map.of("name", "reader", "role", "OPERATOR"));
        String appKey = app.path("data").path("appKey").asString();
        ApiClient client = ApiClient.app(base(), appKey, app.path("data").path("appSecret").asString());
        assertThat(createDevice(client, t).code()).isNotEqualTo(99403);
        assertThat(t.orgAdmin().post(ASSIGNMENTS, p("assign", t.orgId()), Map.of("appKey", appKey,
                "roleId", "VIEWER")).ok()).isTrue();
        assertThat(createDevice(client, t).code()).isEqualTo(99403);
        var search = t.orgAdmin().post(ASSIGNMENTS, Map.of("action", "search", "orgId", t.orgId(), "appKey", appKey),
                null);
        assertThat(search.data().get(0).path("roleId").asString()).isEqualTo("VIEWER");
    }

    @Test
    void nobodyGrantsWhatTheyDoNotHoldNorChangesTheirOwnRolesNorReachesAnotherOrganization() {
        Tenant t = newTenant();
        Member operator = member(t, "OPERATOR");
        assertThat(operator.client().post(ROLES, p("create", t.orgId()), Map.of("name", "x", "template", "VIEWER"))
                .code()).as("operators do not manage roles").isEqualTo(99403);

        // a user manager without command rights cannot mint a role with them
        String managerRole = t.orgAdmin().post(ROLES, p("create", t.orgId()), Map.of("name", "User manager",
                "permissions", List.of("users:read", "users:write", "devices:read"))).data().path("roleId").asString();
        Member manager = member(t, "VIEWER");
        t.orgAdmin().post(ASSIGNMENTS, p("assign", t.orgId()), Map.of("userId", manager.userId(), "roleId",
                managerRole));
        var escalate = manager.client().post(ROLES, p("create", t.orgId()), Map.of("name", "Mine",
                "permissions", List.of("commands:write")));
        assertThat(escalate.code()).isEqualTo(99403);
        assertThat(escalate.body().path("msg").asString()).contains("commands:write");
        var self = manager.client().post(ASSIGNMENTS, p("assign", t.orgId()), Map.of("userId", manager.userId(),
                "roleId", "VIEWER"));
        assertThat(self.status()).isEqualTo(400);

        Tenant other = newTenant();
        assertThat(other.orgAdmin().post(ROLES, Map.of("action", "get", "orgId", t.orgId(), "roleId", managerRole),
                null).code()).isEqualTo(99403);
        var foreignUser = other.orgAdmin().post(ASSIGNMENTS, p("assign", other.orgId()),
                Map.of("userId", operator.userId(), "roleId", "ORG_ADMIN"));
        assertThat(foreignUser.status()).isEqualTo(404);
        assertThat(other.orgAdmin().post(ROLES, Map.of("action", "get", "orgId", other.orgId(), "roleId",
                managerRole), null).status()).isEqualTo(404);
    }
}
