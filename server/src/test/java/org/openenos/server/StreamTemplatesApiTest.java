package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.streaming.StreamDirectory;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The registry-backed templates in the running server: a roll-up over a tree made through the asset-tree API, fed by
 * real MQTT devices, follows the tree as it changes; the registry look-ups jobs use stay inside the organization.
 */
class StreamTemplatesApiTest extends ConnectivityTestBase {
    private static final String S = "/streaming/v2.0/streaming";

    @Autowired
    StreamDirectory directory;

    @Test
    void aRollupOverARegistryTreeSumsItsDevicesIntoTheSiteAndFollowsTheTree() throws Exception {
        Tenant t = newTenant();
        List<DeviceInfo> inverters = devices(t, "inv_rollup", false, 2);
        assertThat(t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("site_rollup")).ok()).isTrue();
        var tree = t.app().post("/asset-tree-service/v2.1/asset-trees", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("tree", Map.of("name", Map.of("defaultValue", "Farm")),
                "asset", Map.of("modelId", "site_rollup", "name", Map.of("defaultValue", "Farm"))));
        assertThat(tree.ok()).as(tree.toString()).isTrue();
        String treeId = tree.data().path("treeId").asString();
        String site = tree.data().path("assetId").asString();
        for (DeviceInfo d : inverters) {
            var joined = t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "associateAsset",
                    "orgId", t.orgId(), "treeId", treeId, "parentAssetId", site, "assetId", d.assetId()), null);
            assertThat(joined.ok()).as(joined.toString()).isTrue();
        }

        var created = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), Map.of(
                "pipelineName", "farm power", "templateType", "TreeRollup", "config", Map.of(
                        "treeRefreshSeconds", 1, "policies", List.of(Map.of("treeId", treeId,
                                "modelId", "inv_rollup", "inputPoint", "power", "aggregation", "sum",
                                "outputModelId", "site_rollup", "outputPoint", "power", "staleAfterSeconds", 0)))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String one = S + "/pipeline/" + created.data().path("pipelineId").asString();
        assertThat(t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null).ok()).isTrue();
        assertThat(t.app().post(one, Map.of("action", "start", "orgId", t.orgId()), Map.of("executionMode", 0))
                .ok()).isTrue();
        long deadline = System.currentTimeMillis() + 120_000;
        while (!t.app().post(one, Map.of("orgId", t.orgId()), null).data().path("runtime").path("phase").asString()
                .equals("RUNNING")) {
            assertThat(System.currentTimeMillis()).as("job running in time").isLessThan(deadline);
            Thread.sleep(200);
        }

        post(inverters.get(0), 10);
        post(inverters.get(1), 20);
        assertThat(awaitLatest(t, site, 30)).isEqualTo(30.0);

        var left = t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "delete", "orgId",
                t.orgId(), "treeId", treeId, "assetId", inverters.get(1).assetId()), null);
        assertThat(left.ok()).as(left.toString()).isTrue();
        post(inverters.get(0), 11);
        assertThat(awaitLatest(t, site, 11)).as("the inverter that left no longer counts").isEqualTo(11.0);

        // what the jobs read of the registry, scoped by organization
        assertThat(directory.timezone(t.orgId(), inverters.get(0).assetId())).isEqualTo("+08:00");
        assertThat(directory.treeNodes(t.orgId(), treeId)).extracting(StreamDirectory.TreeNode::assetId)
                .containsExactlyInAnyOrder(site, inverters.get(0).assetId());
        Tenant other = newTenant();
        assertThat(directory.timezone(other.orgId(), inverters.get(0).assetId())).isNull();
        assertThat(directory.treeNodes(other.orgId(), treeId)).isEmpty();
        assertThat(t.app().post(one, Map.of("action", "stop", "orgId", t.orgId()), null).ok()).isTrue();
    }

    private void post(DeviceInfo d, double power) throws Exception {
        try (MqttTestDevice device = connect(d)) {
            JsonNode reply = device.request("thing/measurepoint/post", "thing.measurepoint.post",
                    Map.of("measurepoints", Map.of("power", power), "time", System.currentTimeMillis()), "1");
            assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
        }
    }

    private static double awaitLatest(Tenant t, String assetId, double expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        double value = Double.NaN;
        while (System.currentTimeMillis() < deadline) {
            var r = t.app().post("/tsdb-service/v2.1/latest", Map.of("orgId", t.orgId()),
                    Map.of("assetIds", assetId, "pointIds", "power"));
            JsonNode items = r.body().path("data").path("items");
            if (!items.isEmpty()) {
                value = items.get(0).path("value").asDouble();
                if (value == expected) {
                    return value;
                }
            }
            Thread.sleep(200);
        }
        return value;
    }
}
