package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A role granted over one site of an asset tree: its holder sees, queries and controls the devices under that site
 * only, whichever endpoint it uses and whatever ids it guesses; callers granted the whole organization see all.
 */
class AssetScopeApiTest extends ServerTestBase {
    static final List<String> SITE_OPERATOR = List.of("devices:read", "devices:write", "assets:read",
            "timeseries:read", "commands:write", "commands:read", "alerts:read");

    /** Two sites under one root, a device under each. */
    record Fleet(Tenant tenant, String treeId, String siteA, String siteB, String deviceA, String deviceB,
                 String productKey) {
        static Fleet create(Tenant t, String modelId) {
            var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId",
                    t.orgId()), simpleModel(modelId));
            assertThat(model.ok()).as(model.toString()).isTrue();
            String pk = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId",
                    t.orgId()), Map.of("productName", Map.of("defaultValue", "p"), "modelId", modelId)).data()
                    .asString();
            var tree = t.app().post("/asset-tree-service/v2.1/asset-trees", Map.of("action", "create", "orgId",
                    t.orgId()), Map.of("tree", Map.of("name", Map.of("defaultValue", "Fleet")),
                    "asset", Map.of("modelId", modelId, "name", Map.of("defaultValue", "Fleet"))));
            assertThat(tree.ok()).as(tree.toString()).isTrue();
            String treeId = tree.data().path("treeId").asString();
            String root = tree.data().path("assetId").asString();
            String siteA = site(t, modelId, treeId, root, "A");
            String siteB = site(t, modelId, treeId, root, "B");
            return new Fleet(t, treeId, siteA, siteB, device(t, pk, treeId, siteA, "dev-a"),
                    device(t, pk, treeId, siteB, "dev-b"), pk);
        }

        static String site(Tenant t, String modelId, String treeId, String parent, String name) {
            return t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "createAsset", "orgId",
                    t.orgId(), "treeId", treeId, "parentAssetId", parent), Map.of("asset", Map.of("modelId",
                    modelId, "name", Map.of("defaultValue", "Site " + name)))).data().asString();
        }

        static String device(Tenant t, String pk, String treeId, String parent, String key) {
            String assetId = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId",
                    t.orgId()), Map.of("productKey", pk, "deviceKey", key, "deviceName",
                    Map.of("defaultValue", key))).data().path("assetId").asString();
            var placed = t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "associateAsset",
                    "orgId", t.orgId(), "treeId", treeId, "parentAssetId", parent, "assetId", assetId), null);
            assertThat(placed.ok()).as(placed.toString()).isTrue();
            return assetId;
        }
    }

    private Fleet fleet;
    private ApiClient siteOperator;

    /** A user holding {@code permissions} over site A only. */
    static ApiClient scopedUser(ServerTestSupport test, Fleet f, List<String> permissions) {
        Tenant t = f.tenant();
        String roleId = t.orgAdmin().post("/iam-service/v2.1/roles", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("name", "Site A " + System.nanoTime(), "permissions", permissions)).data().path("roleId")
                .asString();
        String name = "site-a-" + System.nanoTime();
        var user = t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", name, "password", "Password-123", "role", "VIEWER"));
        var assigned = t.orgAdmin().post("/iam-service/v2.1/role-assignments", Map.of("action", "assign", "orgId",
                t.orgId()), Map.of("userId", user.data().path("userId").asString(), "roleId", roleId,
                "scope", List.of(Map.of("treeId", f.treeId(), "assetId", f.siteA()))));
        assertThat(assigned.ok()).as(assigned.toString()).isTrue();
        return ApiClient.user(test.base(), name, "Password-123");
    }

    @BeforeEach
    void fleetWithASiteOperator() {
        fleet = Fleet.create(newTenant(), "scoped");
        siteOperator = scopedUser(this, fleet, SITE_OPERATOR);
    }

    private Map<String, Object> q(String action, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("action", action, "orgId", fleet.tenant().orgId()));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aDeviceSearchReturnsOnlyTheDevicesUnderTheSite() {
        var mine = siteOperator.post("/connect-service/v2.1/devices", q("search"), Map.of());
        assertThat(mine.ok()).as(mine.toString()).isTrue();
        assertThat(mine.data().findValuesAsString("assetId")).containsExactly(fleet.deviceA());
        assertThat(mine.body().path("pagination").path("totalSize").asInt()).isEqualTo(1);
        var all = fleet.tenant().app().post("/connect-service/v2.1/devices", q("search"), Map.of());
        assertThat(all.data().findValuesAsString("assetId")).contains(fleet.deviceA(), fleet.deviceB());
    }

    @Test
    void assetsOutsideTheSiteCannotBeReadControlledOrExportedByAnyIdTheCallerGuesses() {
        String[] guesses = {fleet.deviceB(), fleet.siteB(), "no-such-asset"};
        for (String id : guesses) {
            List<ApiClient.Response> answers = List.of(
                    siteOperator.post("/connect-service/v2.1/devices", q("get", "assetId", id), null),
                    siteOperator.post("/asset-service/v2.1/assets", q("get", "assetId", id), null),
                    siteOperator.post("/tsdb-service/v2.1/raw", Map.of("orgId", fleet.tenant().orgId()),
                            Map.of("assetIds", fleet.deviceA() + "," + id, "pointIds", "power",
                                    "startTime", "2026-01-01 00:00:00", "endTime", "2026-01-02 00:00:00")),
                    siteOperator.post("/tsdb-service/v2.1/export", Map.of("orgId", fleet.tenant().orgId()),
                            Map.of("assetIds", id, "pointIds", "power", "startTime", "2026-01-01 00:00:00",
                                    "endTime", "2026-01-02 00:00:00")),
                    siteOperator.post("/tsdb-service/v2.1/latest", Map.of("orgId", fleet.tenant().orgId()),
                            Map.of("assetIds", id, "measurepoints", "power")),
                    siteOperator.post("/connect-service/v2.1/commands", q("setMeasurepoint", "assetId", id,
                            "measurepointId", "power"), Map.of("value", 1)),
                    siteOperator.post("/connect-service/v2.1/commands", q("invokeService", "assetId", id,
                            "serviceId", "reset"), Map.of("inputData", Map.of())),
                    siteOperator.post("/event-service/v2.1/active-alerts", q("search"),
                            Map.of("assetId", id)));
            for (var r : answers) {
                assertThat(r.code()).as(id + " -> " + r).isEqualTo(99403);
                assertThat(r.body().path("msg").asString()).contains("outside your scope");
            }
        }
        var live = siteOperator.exchange("GET", "/live-service/v2.1/measurepoints", Map.of("orgId",
                fleet.tenant().orgId(), "assetIds", fleet.deviceB()), "");
        assertThat(live.statusCode()).isEqualTo(403);
        var byKeys = siteOperator.post("/connect-service/v2.1/devices", q("get", "productKey", fleet.productKey(),
                "deviceKey", "dev-b"), null);
        assertThat(byKeys.code()).isEqualTo(99403);
    }

    @Test
    void assetsUnderTheSiteAreReadQueriedAndControlled() {
        assertThat(siteOperator.post("/connect-service/v2.1/devices", q("get", "assetId", fleet.deviceA()), null)
                .ok()).isTrue();
        assertThat(siteOperator.post("/connect-service/v2.1/devices", q("get", "productKey", fleet.productKey(),
                "deviceKey", "dev-a"), null).ok()).isTrue();
        var raw = siteOperator.post("/tsdb-service/v2.1/raw", Map.of("orgId", fleet.tenant().orgId()),
                Map.of("assetIds", fleet.deviceA(), "pointIds", "power", "startTime", "2026-01-01 00:00:00",
                        "endTime", "2026-01-02 00:00:00"));
        assertThat(raw.code()).as(raw.toString()).isEqualTo(0);
        var command = siteOperator.post("/connect-service/v2.1/commands", q("setMeasurepoint", "assetId",
                fleet.deviceA(), "measurepointId", "power"), Map.of("value", 1));
        assertThat(command.code()).as("the device is offline, but the command is allowed: " + command)
                .isNotEqualTo(99403);
        var alerts = siteOperator.post("/event-service/v2.1/active-alerts", q("search"), Map.of());
        assertThat(alerts.ok()).as(alerts.toString()).isTrue();
    }

    @Test
    void anApplicationHoldsAScopedRoleToo() {
        Tenant t = fleet.tenant();
        var app = t.orgAdmin().post("/iam-service/v2.1/applications", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("name", "site-a-app", "role", "OPERATOR")).data();
        String appKey = app.path("appKey").asString();
        assertThat(t.orgAdmin().post("/iam-service/v2.1/role-assignments", Map.of("action", "assign", "orgId",
                t.orgId()), Map.of("appKey", appKey, "roleId", "OPERATOR", "scope",
                List.of(Map.of("treeId", fleet.treeId(), "assetId", fleet.siteA())))).ok()).isTrue();
        ApiClient client = ApiClient.app(base(), appKey, app.path("appSecret").asString());
        Map<String, Object> raw = Map.of("pointIds", "power", "startTime", "2026-01-01 00:00:00",
                "endTime", "2026-01-02 00:00:00");
        var inside = new HashMap<>(raw);
        inside.put("assetIds", fleet.deviceA());
        var outside = new HashMap<>(raw);
        outside.put("assetIds", fleet.deviceB());
        assertThat(client.post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), inside).code()).isZero();
        assertThat(client.post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), outside).code())
                .isEqualTo(99403);
        assertThat(client.post("/connect-service/v2.1/devices", q("search"), Map.of()).data()
                .findValuesAsString("assetId")).containsExactly(fleet.deviceA());
    }

    @Test
    void operationsOverAWholeOrganizationAreRefusedToAScopedCallerAndEveryDenialIsAudited() {
        var unnamed = siteOperator.post("/connect-service/v2.1/devices", q("get"), null);
        assertThat(unnamed.code()).isEqualTo(99403);
        assertThat(unnamed.body().path("msg").asString()).contains("must name the assets");
        siteOperator.post("/connect-service/v2.1/devices", q("get", "assetId", fleet.deviceB()), null);

        var denied = fleet.tenant().orgAdmin().post("/iam-service/v2.1/audit-logs", q("search", "auditAction",
                "access.denied"), null);
        assertThat(denied.ok()).as(denied.toString()).isTrue();
        assertThat(denied.data().findValuesAsString("action")).isNotEmpty().containsOnly("access.denied");
        assertThat(denied.data().findValuesAsString("target"))
                .anyMatch(t -> t.contains("/connect-service/v2.1/devices?action=get"));
        assertThat(denied.data().findValuesAsString("detail")).anyMatch(d -> d.contains(fleet.deviceB()));
    }
}
