package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.openenos.model.MeasurePointValue;
import org.openenos.server.ApiClient;
import org.openenos.telemetry.TelemetryIngest;

/** An organization with a model, a product, a device under a site in an asset tree, and a viewer user. */
record PortalFixture(String orgId, String modelId, String productKey, String deviceAssetId, String siteAssetId,
                     String treeId, String adminUser, String viewerUser, ApiClient admin) {
    static final String PASSWORD = "Org-Admin-Pass-1";
    static final String VIEWER_PASSWORD = "Viewer-Pass-1";

    static PortalFixture create(String orgId, ApiClient admin, String adminUser, Map<String, Object> model) {
        Map<String, String> org = Map.of("orgId", orgId);
        String modelId = (String) model.get("modelId");
        check(admin.post("/model-service/v2.1/thing-models", with(org, "action", "create"), model));
        String pk = check(admin.post("/connect-service/v2.1/products", with(org, "action", "create"),
                Map.of("productName", Map.of("defaultValue", "Inverter product"), "productType", "Device",
                        "dataFormat", "Json", "modelId", modelId))).data().asString();
        String device = check(admin.post("/connect-service/v2.1/devices", with(org, "action", "create"),
                Map.of("productKey", pk, "deviceKey", "inv-1", "timezone", "Europe/Berlin",
                        "deviceName", Map.of("defaultValue", "Inverter 1"), "deviceTags", Map.of("site", "north"))))
                .data().path("assetId").asString();
        var tree = check(admin.post("/asset-tree-service/v2.1/asset-trees", with(org, "action", "create"),
                Map.of("tree", Map.of("name", Map.of("defaultValue", "Plants")),
                        "asset", Map.of("modelId", modelId, "name", Map.of("defaultValue", "Fleet"),
                                "timezone", "UTC"))));
        String treeId = tree.data().path("treeId").asString();
        String site = check(admin.post("/asset-tree-service/v2.1/asset-nodes",
                Map.of("orgId", orgId, "action", "createAsset", "treeId", treeId),
                Map.of("asset", Map.of("modelId", modelId, "name", Map.of("defaultValue", "Site North"),
                        "timezone", "Europe/Berlin")))).data().asString();
        check(admin.post("/asset-tree-service/v2.1/asset-nodes", Map.of("orgId", orgId, "action", "associateAsset",
                "treeId", treeId, "parentAssetId", site, "assetId", device), Map.of()));
        String viewer = "viewer-" + orgId.toLowerCase();
        check(admin.post("/iam-service/v2.1/users", with(org, "action", "create"),
                Map.of("username", viewer, "password", VIEWER_PASSWORD, "role", "VIEWER")));
        return new PortalFixture(orgId, modelId, pk, device, site, treeId, adminUser, viewer, admin);
    }

    void ingest(TelemetryIngest ingest, String pointId, long time, double value) throws Exception {
        ingest.ingest(List.of(new MeasurePointValue(orgId, modelId, deviceAssetId, pointId, time, value, null)))
                .get();
    }

    static Map<String, String> with(Map<String, String> base, String k, String v) {
        var m = new java.util.HashMap<>(base);
        m.put(k, v);
        return m;
    }

    static ApiClient.Response check(ApiClient.Response r) {
        assertThat(r.ok()).as(r.toString()).isTrue();
        return r;
    }
}
