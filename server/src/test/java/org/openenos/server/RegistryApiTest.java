package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryApiTest extends ServerTestBase {

    private String product(Tenant t, String modelId, String type) {
        var r = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p " + modelId), "productType", type,
                        "dataFormat", "Json", "modelId", modelId, "biDirectionalAuth", false));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r.data().asString();
    }

    @Test
    void aModelIsCreatedReadUpdatedAndDeleted() {
        Tenant t = newTenant();
        var created = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId",
                t.orgId()), simpleModel("inv_crud"));
        assertThat(created.ok()).as(created.toString()).isTrue();
        assertThat(created.data().path("measurepoints").path("power").path("signalType").asString())
                .isEqualTo("AI");
        assertThat(created.data().path("attributes").path("ratedPower").path("identifier").asString())
                .isEqualTo("ratedPower");
        Map<String, Object> changed = new HashMap<>(simpleModel("inv_crud"));
        changed.put("name", Map.of("defaultValue", "Renamed"));
        var updated = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "update", "orgId",
                t.orgId()), changed);
        assertThat(updated.data().path("name").path("defaultValue").asString()).isEqualTo("Renamed");
        var got = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "get", "orgId", t.orgId(),
                "modelId", "inv_crud"), null);
        assertThat(got.data().path("name").path("defaultValue").asString()).isEqualTo("Renamed");
        var deleted = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "delete", "orgId",
                t.orgId(), "modelId", "inv_crud"), null);
        assertThat(deleted.ok()).isTrue();
        var gone = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "get", "orgId", t.orgId(),
                "modelId", "inv_crud"), null);
        assertThat(gone.status()).isEqualTo(404);
    }

    @Test
    void anInvalidModelIsRefusedWithEveryFieldAndRuleNamed() {
        Tenant t = newTenant();
        Map<String, Object> bad = Map.of("modelId", "bad model", "name", Map.of("defaultValue", ""),
                "measurepoints", Map.of(
                        "level", Map.of("dataType", "STRING", "signalType", "AI"),
                        "mode", Map.of("dataType", "ENUM", "signalType", "DI"),
                        "q", Map.of("dataType", "BOOL", "hasQuality", true)));
        var r = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                bad);
        assertThat(r.status()).isEqualTo(400);
        String msg = r.body().path("msg").asString();
        assertThat(msg).contains("modelId: must start with a letter")
                .contains("name.defaultValue: is required")
                .contains("measurepoints.level.signalType: AI needs a numeric dataType")
                .contains("measurepoints.mode.dataDefinition.enumType: is required for ENUM")
                .contains("measurepoints.q.hasQuality");
    }

    @Test
    void unknownFieldsAndMalformedJsonAreRefusedClearly() {
        Tenant t = newTenant();
        Map<String, Object> model = new HashMap<>(simpleModel("inv_unknown"));
        model.put("measurepointz", Map.of());
        var unknown = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId",
                t.orgId()), model);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("msg").asString()).contains("measurepointz");
        var malformed = t.app().postRaw("/connect-service/v2.1/products", Map.of("action", "create", "orgId",
                t.orgId()), "{\"productName\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo(99400);
        assertThat(malformed.body().path("msg").asString()).contains("malformed");
    }

    @Test
    void overLongNamesAreRefused() {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("inv_long"));
        var r = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "x".repeat(5000)), "modelId", "inv_long"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("msg").asString()).contains("productName.defaultValue");
    }

    @Test
    void aChildModelInheritsItsParentsElements() {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("inv_base"));
        var child = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("modelId", "inv_child", "modelIdPath", "/inv_base/inv_child",
                "name", Map.of("defaultValue", "Child"), "measurepoints", Map.of("freq",
                        Map.of("dataType", "FLOAT", "signalType", "AI"))));
        assertThat(child.ok()).as(child.toString()).isTrue();
        assertThat(child.data().path("measurepoints").has("power")).isTrue();
        assertThat(child.data().path("measurepoints").has("freq")).isTrue();
        var parentDelete = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "delete", "orgId",
                t.orgId(), "modelId", "inv_base"), null);
        assertThat(parentDelete.status()).isEqualTo(409);
    }

    @Test
    void devicesAreCreatedValidatedUpdatedDisabledAndDeleted() {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("inv_dev"));
        String pk = product(t, "inv_dev", "Device");
        var created = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", pk, "deviceKey", "dev-1", "timezone", "Europe/Berlin",
                        "deviceName", Map.of("defaultValue", "Device 1"),
                        "deviceAttributes", Map.of("ratedPower", 5), "deviceTags", Map.of("site", "north")));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String assetId = created.data().path("assetId").asString();
        assertThat(created.data().path("deviceSecret").asString()).hasSizeGreaterThanOrEqualTo(16);

        var dup = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", pk, "deviceKey", "dev-1", "deviceName", Map.of("defaultValue", "again")));
        assertThat(dup.code()).isEqualTo(11702);
        var badAttr = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("productKey", pk, "deviceName", Map.of("defaultValue", "x"),
                "deviceAttributes", Map.of("ratedPower", "high")));
        assertThat(badAttr.status()).isEqualTo(400);
        assertThat(badAttr.body().path("msg").asString()).contains("deviceAttributes.ratedPower");
        var badZone = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("productKey", pk, "deviceName", Map.of("defaultValue", "x"), "timezone", "Mars/Base"));
        assertThat(badZone.body().path("msg").asString()).contains("timezone");

        var got = t.app().post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                "productKey", pk, "deviceKey", "dev-1"), null);
        assertThat(got.data().path("assetId").asString()).isEqualTo(assetId);
        assertThat(got.data().path("status").asString()).isEqualTo("inactive");
        assertThat(got.data().path("deviceAttributes").path("ratedPower").asDouble()).isEqualTo(5.0);

        var updated = t.app().post("/connect-service/v2.1/devices", Map.of("action", "update", "orgId", t.orgId(),
                "assetId", assetId), Map.of("deviceName", Map.of("defaultValue", "Renamed"), "deviceTags",
                Map.of("site", "south")));
        assertThat(updated.data().path("deviceName").path("defaultValue").asString()).isEqualTo("Renamed");
        var disabled = t.app().post("/connect-service/v2.1/devices", Map.of("action", "disable", "orgId",
                t.orgId(), "assetId", assetId), null);
        assertThat(disabled.data().path("status").asString()).isEqualTo("disabled");
        var search = t.app().post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("tags", Map.of("site", "south"), "pagination", Map.of("pageNo", 1, "pageSize", 10)));
        assertThat(search.body().path("pagination").path("totalSize").asInt()).isEqualTo(1);
        var asset = t.app().post("/asset-service/v2.1/assets", Map.of("action", "get", "orgId", t.orgId(),
                "assetId", assetId), null);
        assertThat(asset.data().path("modelId").asString()).isEqualTo("inv_dev");
        assertThat(asset.data().path("timezone").asString()).isEqualTo("Europe/Berlin");
        var deleted = t.app().post("/connect-service/v2.1/devices", Map.of("action", "delete", "orgId",
                t.orgId(), "assetId", assetId), null);
        assertThat(deleted.ok()).isTrue();
        var productDelete = t.app().post("/connect-service/v2.1/products", Map.of("action", "delete", "orgId",
                t.orgId(), "productKey", pk), null);
        assertThat(productDelete.ok()).as(productDelete.toString()).isTrue();
    }

    @Test
    void aModelAsReadWithGetIsAcceptedBackByUpdate() {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("round_trip"));
        var read = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "get", "orgId", t.orgId(),
                "modelId", "round_trip"), null);
        assertThat(read.data().has("public")).isTrue();
        var updated = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "update", "orgId",
                t.orgId()), read.data());
        assertThat(updated.ok()).as(updated.toString()).isTrue();
    }

    @Test
    void tenThousandDevicesAreCreatedInOneRequest() {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("inv_bulk"));
        String pk = product(t, "inv_bulk", "Device");
        List<Map<String, Object>> devices = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            devices.add(Map.of("productKey", pk, "deviceKey", "bulk-" + i, "deviceName",
                    Map.of("defaultValue", "Bulk " + i)));
        }
        var r = t.app().post("/connect-service/v2.1/devices", Map.of("action", "batchCreate", "orgId", t.orgId()),
                Map.of("deviceList", devices));
        assertThat(r.ok()).as(r.status() + " " + r.body().path("msg")).isTrue();
        assertThat(r.data().size()).isEqualTo(10_000);
        assertThat(r.body().path("successSize").asInt()).isEqualTo(10_000);
        var search = t.app().post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("productKey", pk, "pagination", Map.of("pageNo", 3, "pageSize", 100)));
        assertThat(search.body().path("pagination").path("totalSize").asInt()).isEqualTo(10_000);
        assertThat(search.data().size()).isEqualTo(100);
    }

    @Test
    void gatewaysTakeSubDevicesThroughTheTopologyApi() {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("inv_topo"));
        String gwPk = product(t, "inv_topo", "Gateway");
        String subPk = product(t, "inv_topo", "Device");
        String gw = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", gwPk, "deviceName", Map.of("defaultValue", "gw"))).data().path("assetId")
                .asString();
        String sub = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", subPk, "deviceName", Map.of("defaultValue", "sub"))).data().path("assetId")
                .asString();
        var add = t.app().post("/connect-service/v2.1/device-topos", Map.of("action", "addSubDevice", "orgId",
                t.orgId(), "assetId", gw), Map.of("subDevices", List.of(Map.of("assetId", sub))));
        assertThat(add.ok()).as(add.toString()).isTrue();
        var subs = t.app().post("/connect-service/v2.1/device-topos", Map.of("action", "searchSubDevice", "orgId",
                t.orgId(), "assetId", gw), null);
        assertThat(subs.data().get(0).path("assetId").asString()).isEqualTo(sub);
        var gateway = t.app().post("/connect-service/v2.1/device-topos", Map.of("action", "getGateway", "orgId",
                t.orgId(), "assetId", sub), null);
        assertThat(gateway.data().path("assetId").asString()).isEqualTo(gw);
        var notGateway = t.app().post("/connect-service/v2.1/device-topos", Map.of("action", "addSubDevice",
                "orgId", t.orgId(), "assetId", sub), Map.of("subDevices", List.of(Map.of("assetId", gw))));
        assertThat(notGateway.status()).isEqualTo(400);
    }

    @Test
    void assetTreesHoldAtMostSevenLevelsAndNodesMoveWithTheirSubtrees() {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("modelId", "site", "name", Map.of("defaultValue", "Site")));
        var tree = t.app().post("/asset-tree-service/v2.1/asset-trees", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("tree", Map.of("name", Map.of("defaultValue", "Wind farm")),
                "asset", Map.of("modelId", "site", "name", Map.of("defaultValue", "Farm"))));
        assertThat(tree.ok()).as(tree.toString()).isTrue();
        String treeId = tree.data().path("treeId").asString();
        String parent = tree.data().path("assetId").asString();
        List<String> chain = new ArrayList<>(List.of(parent));
        for (int level = 2; level <= 7; level++) {
            var node = t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "createAsset",
                    "orgId", t.orgId(), "treeId", treeId, "parentAssetId", parent),
                    Map.of("asset", Map.of("modelId", "site", "name", Map.of("defaultValue", "L" + level))));
            assertThat(node.ok()).as(node.toString()).isTrue();
            parent = node.data().asString();
            chain.add(parent);
        }
        var tooDeep = t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "createAsset",
                "orgId", t.orgId(), "treeId", treeId, "parentAssetId", parent),
                Map.of("asset", Map.of("modelId", "site", "name", Map.of("defaultValue", "L8"))));
        assertThat(tooDeep.code()).isEqualTo(17770);

        var path = t.app().post("/asset-tree-service/v2.1/asset-paths", Map.of("action", "search", "orgId",
                t.orgId(), "treeId", treeId, "assetId", chain.get(6)), null);
        assertThat(path.data().path("path").size()).isEqualTo(7);
        assertThat(path.data().path("path").get(0).path("assetId").asString()).isEqualTo(chain.get(0));

        var move = t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "move", "orgId",
                t.orgId(), "treeId", treeId, "assetId", chain.get(3), "parentAssetId", chain.get(0)), null);
        assertThat(move.ok()).as(move.toString()).isTrue();
        var moved = t.app().post("/asset-tree-service/v2.1/asset-paths", Map.of("action", "search", "orgId",
                t.orgId(), "treeId", treeId, "assetId", chain.get(6)), null);
        assertThat(moved.data().path("path").size()).isEqualTo(5);
        var cycle = t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "move", "orgId",
                t.orgId(), "treeId", treeId, "assetId", chain.get(3), "parentAssetId", chain.get(5)), null);
        assertThat(cycle.status()).isEqualTo(400);

        var whole = t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "getAssetTree",
                "orgId", t.orgId(), "treeId", treeId), null);
        assertThat(whole.data().path("subAssets").size()).isEqualTo(2);
        var delete = t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "delete", "orgId",
                t.orgId(), "treeId", treeId, "assetId", chain.get(3)), null);
        assertThat(delete.ok()).isTrue();
        var gone = t.app().post("/asset-tree-service/v2.1/asset-paths", Map.of("action", "search", "orgId",
                t.orgId(), "treeId", treeId, "assetId", chain.get(6)), null);
        assertThat(gone.status()).isEqualTo(404);
    }

    @Test
    void deviceSearchTakesEnosExpressionFiltersSafely() {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("inv_expr"));
        String pk = product(t, "inv_expr", "Device");
        for (int i = 0; i < 6; i++) {
            t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                    Map.of("productKey", pk, "deviceKey", "x-" + i, "deviceName", Map.of("defaultValue", "Unit " + i),
                            "deviceTags", Map.of("site", i % 2 == 0 ? "north" : "south"),
                            "deviceAttributes", Map.of("ratedPower", i * 10)));
        }
        var r = t.app().post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("expression", "tags.site = 'north' and attributes.ratedPower >= 20 and deviceKey in ('x-2', 'x-4', 'x-5')"));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.data().findValuesAsString("deviceKey")).containsExactlyInAnyOrder("x-2", "x-4");
        var like = t.app().post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("expression", "deviceName like 'Unit%' and not exists(tags.rack)"));
        assertThat(like.body().path("pagination").path("totalSize").asInt()).isEqualTo(6);
        var injection = t.app().post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("expression", "status = 'x'; DROP TABLE devices"));
        assertThat(injection.status()).isEqualTo(400);
        var unknown = t.app().post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("expression", "secret = 'x'"));
        assertThat(unknown.body().path("msg").asString()).contains("unknown field 'secret'");
    }

    @Test
    void aPublicModelIsVisibleToEveryOrganizationAndWritableByNone() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        String id = "pub_" + a.orgId().substring(1, 8).toLowerCase();
        var refused = a.orgAdmin().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId",
                a.orgId(), "isPublic", true), simpleModel(id));
        assertThat(refused.code()).isEqualTo(99403);
        var published = admin().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId",
                a.orgId(), "isPublic", true), simpleModel(id));
        assertThat(published.ok()).as(published.toString()).isTrue();
        assertThat(b.app().post("/model-service/v2.1/thing-models", Map.of("action", "get", "orgId", b.orgId(),
                "modelId", id), null).ok()).isTrue();
        assertThat(product(b, id, "Device")).isNotBlank();
        var change = b.app().post("/model-service/v2.1/thing-models", Map.of("action", "delete", "orgId", b.orgId(),
                "modelId", id), null);
        assertThat(change.code()).isEqualTo(99403);
    }
}
