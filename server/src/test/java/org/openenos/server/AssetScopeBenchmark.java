package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What an asset scope costs, run by hand (docs/benchmarks.md, not part of the suite: its name does not end in
 * Test): 100 sites of {@code openenos.bench.devices-per-site} devices (20) in one tree, a day of minute values on one
 * device of site 0; a device search and a raw TSDB query of that device, each timed over the API as a user of the
 * whole organization (VIEWER) and as a user holding a role over site 0 only. Median and p90 of
 * {@code openenos.bench.runs} (200) after as many warm-up calls.
 */
class AssetScopeBenchmark extends ServerTestBase {
    private static final int SITES = 100;

    @Test
    void deviceSearchAndTsdbQueryOfAUserScopedToOneOfAHundredSites() {
        int perSite = Integer.getInteger("openenos.bench.devices-per-site", 20);
        int runs = Integer.getInteger("openenos.bench.runs", 200);
        Tenant t = newTenant();
        var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("bench"));
        assertThat(model.ok()).isTrue();
        String pk = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", "bench")).data().asString();
        var tree = t.app().post("/asset-tree-service/v2.1/asset-trees", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("tree", Map.of("name", Map.of("defaultValue", "Fleet")),
                "asset", Map.of("modelId", "bench", "name", Map.of("defaultValue", "Fleet"))));
        String treeId = tree.data().path("treeId").asString();
        String root = tree.data().path("assetId").asString();
        List<String> sites = new ArrayList<>();
        String firstDevice = null;
        for (int s = 0; s < SITES; s++) {
            String site = AssetScopeApiTest.Fleet.site(t, "bench", treeId, root, "S" + s);
            sites.add(site);
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int d = 0; d < perSite; d++) {
                batch.add(Map.of("productKey", pk, "deviceKey", "s" + s + "d" + d,
                        "deviceName", Map.of("defaultValue", "s" + s + "d" + d)));
            }
            var created = t.app().post("/connect-service/v2.1/devices", Map.of("action", "batchCreate", "orgId",
                    t.orgId()), Map.of("deviceList", batch));
            for (var item : created.body().path("data")) {
                String assetId = item.path("data").path("assetId").asString();
                firstDevice = firstDevice == null ? assetId : firstDevice;
                t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "associateAsset", "orgId",
                        t.orgId(), "treeId", treeId, "parentAssetId", site, "assetId", assetId), null);
            }
        }
        long day = 1_767_225_600_000L; // 2026-01-01T00:00Z
        for (int half = 0; half < 2; half++) { // at most 1,000 items per request
            StringBuilder points = new StringBuilder();
            for (int m = half * 720; m < (half + 1) * 720; m++) {
                points.append(m == half * 720 ? "" : ",").append("{\"assetId\":\"").append(firstDevice)
                        .append("\",\"time\":").append(day + m * 60_000L).append(",\"measurepoints\":{\"power\":")
                        .append(m % 100).append("}}");
            }
            var posted = t.app().multipart("/connect-service/v2.1/integration", Map.of("action",
                    "postMeasurepoint", "orgId", t.orgId()), Map.of("enos-message", "{\"id\":\"1\",\"version\":"
                    + "\"1.0\",\"method\":\"integration.measurepoint.post\",\"params\":[" + points + "]}"));
            assertThat(posted.code()).as(posted.toString()).isZero();
        }

        var fleet = new AssetScopeApiTest.Fleet(t, treeId, sites.get(0), sites.get(1), firstDevice, null, pk);
        ApiClient scoped = AssetScopeApiTest.scopedUser(this, fleet, List.of("devices:read", "timeseries:read"));
        Map<String, Object> search = Map.of("pagination", Map.of("pageNo", 1, "pageSize", 10));
        Map<String, Object> raw = Map.of("assetIds", firstDevice, "pointIds", "power",
                "startTime", "2026-01-01 00:00:00", "endTime", "2026-01-02 00:00:00", "pageSize", 1000);
        var check = scoped.post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), raw);
        assertThat(check.data().path("items").size()).as(check.toString()).isGreaterThan(0);
        assertThat(scoped.post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId", t.orgId()),
                search).body().path("pagination").path("totalSize").asInt()).isEqualTo(perSite);

        System.out.printf("asset scope benchmark: %d sites x %d devices, %d runs (median / p90 ms)%n", SITES, perSite,
                runs);
        String viewerName = "bench-viewer-" + System.nanoTime();
        t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", viewerName, "password", "Password-123", "role", "VIEWER"));
        ApiClient wholeOrganization = ApiClient.user(base(), viewerName, "Password-123");
        compare("device search (page of 10)", runs,
                () -> wholeOrganization.post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId",
                        t.orgId()), search),
                () -> scoped.post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId", t.orgId()),
                        search));
        compare("TSDB raw, 1 device x 1 day (1,440 values)", runs,
                () -> wholeOrganization.post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), raw),
                () -> scoped.post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), raw));
    }

    /** Both callers in alternation, so that the machine's load drifts over both alike. */
    private static void compare(String what, int runs, Supplier<ApiClient.Response> wholeOrganization,
                                Supplier<ApiClient.Response> scoped) {
        for (int i = 0; i < runs; i++) {
            wholeOrganization.get();
            scoped.get();
        }
        double[] before = new double[runs];
        double[] after = new double[runs];
        for (int i = 0; i < runs; i++) {
            before[i] = timed(wholeOrganization);
            after[i] = timed(scoped);
        }
        Arrays.sort(before);
        Arrays.sort(after);
        System.out.printf("  %-44s whole organization %6.2f / %6.2f   scoped to 1 site %6.2f / %6.2f%n", what,
                before[runs / 2], before[(int) (runs * 0.9)], after[runs / 2], after[(int) (runs * 0.9)]);
    }

    private static double timed(Supplier<ApiClient.Response> call) {
        long t0 = System.nanoTime();
        var r = call.get();
        double ms = (System.nanoTime() - t0) / 1e6;
        assertThat(r.code()).isZero();
        return ms;
    }
}
