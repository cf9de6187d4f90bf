package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scopes as a hard boundary around what a scoped holder can reach besides asset-bound operations: organization-wide
 * writes, removal of its roles, changes of its built-in role, and where its refused attempts are recorded.
 */
class ScopeBoundaryApiTest extends ServerTestBase {
    private AssetScopeApiTest.Fleet fleet;
    private Tenant t;

    @BeforeEach
    void fleet() {
        fleet = AssetScopeApiTest.Fleet.create(newTenant(), "boundary");
        t = fleet.tenant();
    }

    private Map<String, Object> q(String action) {
        return Map.of("action", action, "orgId", t.orgId());
    }

    private String userId(String username) {
        return t.orgAdmin().post("/iam-service/v2.1/users", q("search"), Map.of()).data().findParents("username")
                .stream().filter(u -> u.path("username").asString().equals(username)).findFirst().orElseThrow()
                .path("userId").asString();
    }

    private String newUser(String role) {
        String name = "b-" + System.nanoTime();
        var r = t.orgAdmin().post("/iam-service/v2.1/users", q("create"), Map.of("username", name, "password",
                "Password-123", "role", role));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return name;
    }

    private String role(List<String> permissions) {
        return t.orgAdmin().post("/iam-service/v2.1/roles", q("create"), Map.of("name", "r " + System.nanoTime(),
                "permissions", permissions)).data().path("roleId").asString();
    }

    private void assignOverSiteA(String username, String roleId) {
        var r = t.orgAdmin().post("/iam-service/v2.1/role-assignments", q("assign"), Map.of("userId",
                userId(username), "roleId", roleId, "scope", List.of(Map.of("treeId", fleet.treeId(), "assetId",
                fleet.siteA()))));
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    @Test
    void organizationWideWritesAndJobReadsAreRefusedToAGrantOverPartOfATree() {
        String name = newUser("VIEWER");
        assignOverSiteA(name, role(List.of("subscriptions:write", "subscriptions:read", "firmware:write",
                "jobs:write", "jobs:read", "dashboards:write", "dashboards:read", "devices:read")));
        ApiClient holder = ApiClient.user(base(), name, "Password-123");
        List<ApiClient.Response> refused = List.of(
                holder.post("/subscription-service/v2.1/subscriptions", q("create"), Map.of("subType", 1)),
                holder.post("/connect-service/v2.1/ota-jobs", q("create"), Map.of("assetIds", List.of(
                        fleet.deviceA()))),
                holder.post("/dashboard-service/v2.1/dashboards", q("create"), Map.of("name", "d")),
                holder.post("/batch-processing-service/v2.1/exports", q("list"), Map.of()),
                holder.post("/batch-processing-service/v2.1/exports", q("save"), Map.of()));
        for (var r : refused) {
            assertThat(r.code()).as(r.toString()).isEqualTo(99403);
            assertThat(r.body().path("msg").asString()).contains("whole organization");
        }
        var dashboards = holder.post("/dashboard-service/v2.1/dashboards", q("search"), Map.of());
        assertThat(dashboards.code()).as("reading definitions stays allowed: " + dashboards).isNotEqualTo(99403);
        var subscriptions = holder.post("/subscription-service/v2.1/subscriptions", q("search"), Map.of());
        assertThat(subscriptions.code()).as(subscriptions.toString()).isNotEqualTo(99403);
    }

    @Test
    void deletingTheScopedRoleOrRemovingTheLastAssignmentLeavesTheHolderWithNothing() {
        String deleted = newUser("OPERATOR");
        String deletedRole = role(List.of("devices:read"));
        assignOverSiteA(deleted, deletedRole);
        String removed = newUser("ORG_ADMIN");
        String removedRole = role(List.of("devices:read"));
        assignOverSiteA(removed, removedRole);
        ApiClient a = ApiClient.user(base(), deleted, "Password-123");
        ApiClient b = ApiClient.user(base(), removed, "Password-123");
        Map<String, Object> getB = Map.of("action", "get", "orgId", t.orgId(), "assetId", fleet.deviceB());
        assertThat(a.post("/connect-service/v2.1/devices", getB, null).code()).isEqualTo(99403);

        assertThat(t.orgAdmin().post("/iam-service/v2.1/roles", Map.of("action", "delete", "orgId", t.orgId(),
                "roleId", deletedRole), null).ok()).isTrue();
        assertThat(t.orgAdmin().post("/iam-service/v2.1/role-assignments", q("unassign"), Map.of("userId",
                userId(removed), "roleId", removedRole)).ok()).isTrue();

        for (ApiClient holder : List.of(a, b)) {
            var device = holder.post("/connect-service/v2.1/devices", getB, null);
            assertThat(device.code()).as("not back to the built-in role over the organization: " + device)
                    .isEqualTo(99403);
            assertThat(holder.post("/connect-service/v2.1/devices", q("search"), Map.of()).code()).isEqualTo(99403);
            var mine = holder.post("/iam-service/v2.1/roles", q("mine"), null);
            assertThat(mine.ok()).as("still signed in: " + mine).isTrue();
        }
        // an administrator gives the built-in role back explicitly
        assertThat(t.orgAdmin().post("/iam-service/v2.1/role-assignments", q("assign"), Map.of("userId",
                userId(removed), "roleId", "VIEWER")).ok()).isTrue();
        assertThat(b.post("/connect-service/v2.1/devices", getB, null).ok()).isTrue();
    }

    @Test
    void aChangedBuiltInRoleAppliesToTheNextRequest() {
        String name = newUser("OPERATOR");
        ApiClient user = ApiClient.user(base(), name, "Password-123");
        Map<String, Object> disable = Map.of("action", "disable", "orgId", t.orgId(), "assetId", fleet.deviceA());
        assertThat(user.post("/connect-service/v2.1/devices", disable, null).code()).isNotEqualTo(99403);
        var demoted = t.orgAdmin().post("/iam-service/v2.1/users", q("update"),
                Map.of("userId", userId(name), "role", "VIEWER"));
        assertThat(demoted.ok()).as(demoted.toString()).isTrue();
        ApiClient again = ApiClient.user(base(), name, "Password-123");
        var refused = again.post("/connect-service/v2.1/devices", disable, null);
        assertThat(refused.code()).as("within the grants cache's time-to-live: " + refused).isEqualTo(99403);
    }

    @Test
    void aDenialIsAuditedInTheCallersOrganizationAndInTheOneItWasAimedAt() {
        Tenant other = newTenant();
        var probe = other.orgAdmin().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId",
                t.orgId(), "assetId", fleet.deviceB()), null);
        assertThat(probe.code()).isEqualTo(99403);
        for (Tenant org : List.of(other, t)) {
            var log = org.orgAdmin().post("/iam-service/v2.1/audit-logs", Map.of("action", "search", "orgId",
                    org.orgId(), "auditAction", "access.denied"), null);
            assertThat(log.ok()).as(log.toString()).isTrue();
            assertThat(log.data().findValuesAsString("target")).as(org.orgId())
                    .anyMatch(target -> target.contains("/connect-service/v2.1/devices?action=get"));
        }
    }
}
