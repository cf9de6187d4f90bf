package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.server.AssetScopeApiTest.Fleet;

/**
 * Active alerts for a caller granted several nodes of a tree: a search that names none of them (the portal menu's
 * count) answers the alerts at or below any of its nodes, counted in the query; naming one of its nodes narrows it
 * to that node as before.
 */
class AlertScopeApiTest extends ServerTestBase {
    @Test
    void aCallerScopedToSeveralNodesCountsTheActiveAlertsBelowAnyOfThem() {
        Fleet fleet = Fleet.create(newTenant(), "alertscope");
        Tenant t = fleet.tenant();
        for (String assetId : List.of(fleet.deviceA(), fleet.deviceB(), fleet.siteA())) {
            var alert = t.app().post("/event-service/v2.1/active-alerts", q(t, "create"), Map.of("alert",
                    Map.of("eventId", "scope-" + assetId, "assetId", assetId, "occurTime", 1_700_000_000_000L,
                            "measurepointId", "power", "value", 1)));
            assertThat(alert.ok()).as(alert.toString()).isTrue();
        }
        ApiClient twoDevices = scopedTo(fleet, fleet.deviceA(), fleet.deviceB());
        Map<String, Object> firstPage = Map.of("pagination", Map.of("pageNo", 1, "pageSize", 1));

        var count = twoDevices.post("/event-service/v2.1/active-alerts", q(t, "search"), firstPage);
        assertThat(count.ok()).as(count.toString()).isTrue();
        assertThat(count.body().path("pagination").path("totalSize").asInt()).isEqualTo(2);
        var all = twoDevices.post("/event-service/v2.1/active-alerts", q(t, "search"), Map.of());
        assertThat(all.data().findValuesAsString("assetId")).containsExactlyInAnyOrder(fleet.deviceA(),
                fleet.deviceB());
        var bySeverity = twoDevices.post("/event-service/v2.1/active-alerts", q(t, "aggregate"),
                Map.of("groupByField", "severityId"));
        assertThat(bySeverity.ok()).as(bySeverity.toString()).isTrue();
        assertThat(bySeverity.data().valueStream().mapToLong(n -> n.asLong()).sum()).isEqualTo(2);

        var oneNode = twoDevices.post("/event-service/v2.1/active-alerts", q(t, "search"), Map.of("scope",
                Map.of("treeId", fleet.treeId(), "fromAssetId", fleet.deviceB())));
        assertThat(oneNode.data().findValuesAsString("assetId")).containsExactly(fleet.deviceB());

        var organization = t.app().post("/event-service/v2.1/active-alerts", q(t, "search"), firstPage);
        assertThat(organization.body().path("pagination").path("totalSize").asInt()).isEqualTo(3);
    }

    private static Map<String, Object> q(Tenant t, String action) {
        return new HashMap<>(Map.of("action", action, "orgId", t.orgId()));
    }

    /** A user holding {@code alerts:read} over the given nodes of the fleet's tree. */
    private ApiClient scopedTo(Fleet fleet, String... assetIds) {
        Tenant t = fleet.tenant();
        String roleId = t.orgAdmin().post("/iam-service/v2.1/roles", q(t, "create"), Map.of("name", "Alerts "
                + System.nanoTime(), "permissions", List.of("alerts:read", "assets:read"))).data().path("roleId")
                .asString();
        String name = "alerts-" + System.nanoTime();
        var user = t.orgAdmin().post("/iam-service/v2.1/users", q(t, "create"), Map.of("username", name,
                "password", "Password-123", "role", "VIEWER"));
        var assigned = t.orgAdmin().post("/iam-service/v2.1/role-assignments", q(t, "assign"), Map.of("userId",
                user.data().path("userId").asString(), "roleId", roleId, "scope", java.util.Arrays.stream(assetIds)
                        .map(a -> Map.of("treeId", fleet.treeId(), "assetId", a)).toList()));
        assertThat(assigned.ok()).as(assigned.toString()).isTrue();
        return ApiClient.user(base(), name, "Password-123");
    }
}
