package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.server.AssetScopeApiTest.Fleet;

/**
 * Asset trees for a caller whose role covers nodes of trees: it finds the trees holding one of its nodes, told where
 * its part of each starts, and browses them from there the way the portal's tree page does; other trees are as
 * unknown to it as trees that do not exist.
 */
class AssetTreeScopeApiTest extends ServerTestBase {
    static final List<String> SITE_VIEWER = List.of("assets:read", "devices:read", "models:read");

    private Fleet fleet;
    private String otherTreeId;

    @BeforeEach
    void fleetAndAnotherTree() {
        fleet = Fleet.create(newTenant(), "trees");
        Tenant t = fleet.tenant();
        var other = t.app().post("/asset-tree-service/v2.1/asset-trees", q("create"), Map.of("tree",
                Map.of("name", Map.of("defaultValue", "Elsewhere")), "asset", Map.of("modelId", "trees",
                        "name", Map.of("defaultValue", "Elsewhere"))));
        assertThat(other.ok()).as(other.toString()).isTrue();
        otherTreeId = other.data().path("treeId").asString();
    }

    private Map<String, Object> q(String action, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("action", action, "orgId", fleet.tenant().orgId()));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A user holding {@code SITE_VIEWER} over the given nodes of the fleet's tree. */
    private ApiClient scopedTo(String... assetIds) {
        Tenant t = fleet.tenant();
        String roleId = t.orgAdmin().post("/iam-service/v2.1/roles", q("create"), Map.of("name", "Trees "
                + System.nanoTime(), "permissions", SITE_VIEWER)).data().path("roleId").asString();
        String name = "trees-" + System.nanoTime();
        var user = t.orgAdmin().post("/iam-service/v2.1/users", q("create"), Map.of("username", name,
                "password", "Password-123", "role", "VIEWER"));
        List<Map<String, String>> scope = java.util.Arrays.stream(assetIds)
                .map(a -> Map.of("treeId", fleet.treeId(), "assetId", a)).toList();
        var assigned = t.orgAdmin().post("/iam-service/v2.1/role-assignments", q("assign"), Map.of("userId",
                user.data().path("userId").asString(), "roleId", roleId, "scope", scope));
        assertThat(assigned.ok()).as(assigned.toString()).isTrue();
        return ApiClient.user(base(), name, "Password-123");
    }

    @Test
    void aScopedCallerFindsOnlyTheTreesHoldingItsNodesAndWhereItsPartStarts() {
        var mine = scopedTo(fleet.siteA()).post("/asset-tree-service/v2.1/asset-trees", q("search"), null);
        assertThat(mine.ok()).as(mine.toString()).isTrue();
        assertThat(mine.data().findValuesAsString("treeId")).containsExactly(fleet.treeId());
        assertThat(mine.data().get(0).path("scopeRootAssetIds").valueStream().map(n -> n.asString()))
                .containsExactly(fleet.siteA());

        var all = fleet.tenant().app().post("/asset-tree-service/v2.1/asset-trees", q("search"), null);
        assertThat(all.data().findValuesAsString("treeId")).contains(fleet.treeId(), otherTreeId);
        assertThat(all.data().findValues("scopeRootAssetIds")).isEmpty();
    }

    @Test
    void aNodeBelowAnotherNodeOfTheScopeIsNotARootOfItsOwn() {
        var trees = scopedTo(fleet.deviceA(), fleet.siteB(), fleet.siteA())
                .post("/asset-tree-service/v2.1/asset-trees", q("search"), null);
        assertThat(trees.ok()).as(trees.toString()).isTrue();
        assertThat(trees.data().get(0).path("scopeRootAssetIds").valueStream().map(n -> n.asString()).toList())
                .containsExactlyInAnyOrder(fleet.siteA(), fleet.siteB());
    }

    @Test
    void aTreeWithoutANodeOfTheScopeAnswersLikeATreeThatDoesNotExist() {
        ApiClient siteViewer = scopedTo(fleet.siteA());
        var own = siteViewer.post("/asset-tree-service/v2.1/asset-trees", q("get", "treeId", fleet.treeId()), null);
        assertThat(own.ok()).as(own.toString()).isTrue();
        assertThat(own.data().path("scopeRootAssetIds").get(0).asString()).isEqualTo(fleet.siteA());
        for (String treeId : List.of(otherTreeId, "no-such-tree")) {
            var r = siteViewer.post("/asset-tree-service/v2.1/asset-trees", q("get", "treeId", treeId), null);
            assertThat(r.code()).as(treeId + " -> " + r).isEqualTo(99403);
            assertThat(r.body().path("msg").asString()).contains("outside your scope");
        }
    }

    /** Exactly the calls of the portal's tree page (tree-page.js, tree-node.js, asset-detail.js), in its order. */
    @Test
    void theTreePageBrowsesFromTheCallersRootsAndNotAbove() {
        ApiClient siteViewer = scopedTo(fleet.siteA());
        var trees = siteViewer.post("/asset-tree-service/v2.1/asset-trees", q("search"), null);
        String root = trees.data().get(0).path("scopeRootAssetIds").get(0).asString();
        var asset = siteViewer.post("/asset-service/v2.1/assets", q("get", "assetId", root), null);
        assertThat(asset.ok()).as(asset.toString()).isTrue();
        var model = siteViewer.post("/model-service/v2.1/thing-models", q("get", "modelId",
                asset.data().path("modelId").asString()), null);
        assertThat(model.ok()).as(model.toString()).isTrue();
        var children = siteViewer.post("/asset-tree-service/v2.1/asset-nodes", q("searchAsset", "treeId",
                fleet.treeId(), "parentAssetId", root), null);
        assertThat(children.ok()).as(children.toString()).isTrue();
        assertThat(children.data().findValuesAsString("assetId")).containsExactly(fleet.deviceA());
        var path = siteViewer.post("/asset-tree-service/v2.1/asset-paths", q("search", "treeId", fleet.treeId(),
                "assetId", fleet.deviceA()), null);
        assertThat(path.ok()).as(path.toString()).isTrue();

        String treeRoot = trees.data().get(0).path("rootAssetId").asString();
        assertThat(siteViewer.post("/asset-tree-service/v2.1/asset-nodes", q("searchAsset", "treeId",
                fleet.treeId(), "parentAssetId", treeRoot), null).code()).isEqualTo(99403);
        assertThat(siteViewer.post("/asset-service/v2.1/assets", q("get", "assetId", treeRoot), null).code())
                .isEqualTo(99403);
    }

    @Test
    void thePathToAnAssetStartsAtTheCallersScopeNodeAndNamesNoAncestorAboveIt() {
        var full = fleet.tenant().app().post("/asset-tree-service/v2.1/asset-paths", q("search", "treeId",
                fleet.treeId(), "assetId", fleet.deviceA()), null);
        assertThat(full.ok()).as(full.toString()).isTrue();
        assertThat(full.data().path("path").findValuesAsString("assetId")).hasSize(3).endsWith(fleet.siteA(),
                fleet.deviceA());
        assertThat(full.data().path("path").get(0).toString()).contains("Fleet");

        var scoped = scopedTo(fleet.siteA()).post("/asset-tree-service/v2.1/asset-paths", q("search", "treeId",
                fleet.treeId(), "assetId", fleet.deviceA()), null);
        assertThat(scoped.ok()).as(scoped.toString()).isTrue();
        assertThat(scoped.data().path("path").findValuesAsString("assetId")).containsExactly(fleet.siteA(),
                fleet.deviceA());
        assertThat(scoped.data().toString()).doesNotContain("Fleet");

        var ownNode = scopedTo(fleet.deviceA()).post("/asset-tree-service/v2.1/asset-paths", q("search", "treeId",
                fleet.treeId(), "assetId", fleet.deviceA()), null);
        assertThat(ownNode.data().path("path").findValuesAsString("assetId")).containsExactly(fleet.deviceA());
    }
}
