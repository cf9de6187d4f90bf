package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.testkit.MqttTestDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Stream jobs in cluster execution mode: a Flink 2.2 session cluster (JobManager and TaskManager as separate JVMs
 * from Maven Central's jars, nothing of this project on their class path), a Kafka broker, and the server with
 * {@code openenos.streaming.mode=cluster}. A calculated point and a tree roll-up, which read the registry through the
 * directory topic (ADR 0129), give what the embedded engine gives and follow a changed attribute and a changed tree;
 * a custom pipeline's parent look-up reads its tree there too.
 * A window job through the loss of its TaskManager, a pause and a resume runs in the whole-cluster test of the
 * system tests. Needs the job jar of adapters/flink (its package phase). The Flink cluster, the broker and the
 * server are the ones of {@link FlinkClusterServer}, shared with the batch step tests. Runs in the {@code cluster}
 * Maven profile.
 */
@Tag("cluster")
class FlinkSessionStreamingClusterTest extends FlinkClusterServer {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkSessionStreamingClusterTest.class);
    private static final String S = "/streaming/v2.0/streaming";
    private static final long STEP_MILLIS = 10_000;
    private static final long WINDOW_MILLIS = 60_000;

    @Autowired
    MqttGateway gateway;

    /**
     * A calculated point reads an attribute of its asset, which a TaskManager can only know from the directory topic
     * the server writes (ADR 0129). Its results equal those of the embedded engine (a dry run over the same stored
     * input), and a changed attribute reaches the running job.
     */
    @Test
    void aCalculatedPointOnTheFlinkClusterGivesWhatEmbeddedGivesAndFollowsAChangedAttribute() throws Exception {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("flink_calc"));
        String pk = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", "flink_calc")).data().asString();
        var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", pk, "deviceKey", "calc", "deviceName", Map.of("defaultValue", "calc"),
                        "deviceAttributes", Map.of("ratedPower", 2)));
        String asset = dev.data().path("assetId").asString();
        var created = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), Map.of(
                "pipelineName", "rated share", "templateType", "MultiPointMerge", "config", Map.of(
                        "attributeRefreshSeconds", 1, "policies", List.of(Map.of("modelId", "flink_calc",
                                "outputPoint", "temp", "trigger", "point",
                                "expression", "${flink_calc::power} * $attr{ratedPower}")))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String pipelineId = created.data().path("pipelineId").asString();
        String one = S + "/pipeline/" + pipelineId;
        t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null);
        assertThat(t.app().post(one, Map.of("action", "start", "orgId", t.orgId()), Map.of("executionMode", 0))
                .data().path("status").asString()).isEqualTo("RUNNING");
        awaitPhase(t, one, "RUNNING", Duration.ofSeconds(120));

        long t0 = Math.floorDiv(Instant.now().minusSeconds(3_600).toEpochMilli(), WINDOW_MILLIS) * WINDOW_MILLIS;
        try (MqttTestDevice mqtt = MqttTestDevice.connect(gateway.port(), pk, "calc",
                dev.data().path("deviceSecret").asString())) {
            var before = new TreeMap<Long, Double>();
            for (int i = 0; i < 10; i++) {
                before.put(post(mqtt, t0 + i * STEP_MILLIS, 10 + i), 2.0 * (10 + i));
            }
            long end = t0 + 10 * STEP_MILLIS;
            assertThat(awaitResults(t, asset, t0, end, before)).as("calculated on the cluster").isEqualTo(before);
            assertThat(dryRun(t, one, asset, t0, end)).as("what the embedded engine calculates").isEqualTo(before);

            var changed = t.app().post("/connect-service/v2.1/devices", Map.of("action", "update", "orgId",
                    t.orgId(), "assetId", asset), Map.of("deviceAttributes", Map.of("ratedPower", 3)));
            assertThat(changed.ok()).as(changed.toString()).isTrue();
            long changedAt = System.nanoTime();
            long time = end;
            long deadline = changedAt + Duration.ofSeconds(90).toNanos();
            Double seen;
            do { // until the job calculates with the new attribute
                time += STEP_MILLIS;
                post(mqtt, time, 100);
                Thread.sleep(500);
                seen = results(t, asset, time, time + 1).get(time);
                assertThat(System.nanoTime()).as("the changed attribute reached the job").isLessThan(deadline);
            } while (seen == null || seen != 300.0);
            LOG.info("FIGURE a changed attribute reached the calculated point on the cluster in {} ms",
                    (System.nanoTime() - changedAt) / 1_000_000);
            long from = time + STEP_MILLIS;
            var after = new TreeMap<Long, Double>();
            for (int i = 0; i < 5; i++) {
                after.put(post(mqtt, from + i * STEP_MILLIS, 20 + i), 3.0 * (20 + i));
            }
            long to = from + 5 * STEP_MILLIS;
            assertThat(awaitResults(t, asset, from, to, after)).as("calculated on the cluster").isEqualTo(after);
            assertThat(dryRun(t, one, asset, from, to)).as("what the embedded engine calculates").isEqualTo(after);
        }
        var stage = t.app().post("/streaming/v2.0/stage-state", Map.of("action", "get", "orgId", t.orgId()),
                Map.of("pipelineId", pipelineId, "stageInstanceName", "lastValues", "assetIds", asset,
                        "pointIds", "power"));
        assertThat(stage.ok()).as(stage.toString()).isTrue();
        assertThat(stage.data().toString()).as("the stage's state, read from the job's checkpoint").contains(asset);
        t.app().post(one, Map.of("action", "stop", "orgId", t.orgId()), null);
    }

    /** A tree roll-up on the cluster reads its tree from the directory topic and follows it as it changes. */
    @Test
    void aRollupOnTheFlinkClusterSumsItsTreeAndFollowsTheTreeAsItChanges() throws Exception {
        Tenant t = newTenant();
        for (String model : List.of("flink_inv_r", "flink_site_r")) {
            t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                    simpleModel(model));
        }
        String pk = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", "flink_inv_r")).data().asString();
        var tree = t.app().post("/asset-tree-service/v2.1/asset-trees", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("tree", Map.of("name", Map.of("defaultValue", "Farm")),
                "asset", Map.of("modelId", "flink_site_r", "name", Map.of("defaultValue", "Farm"))));
        String treeId = tree.data().path("treeId").asString();
        String site = tree.data().path("assetId").asString();
        var devices = new ArrayList<MqttTestDevice>();
        var assets = new ArrayList<String>();
        for (int d = 0; d < 2; d++) {
            var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                    Map.of("productKey", pk, "deviceKey", "r-" + d, "deviceName", Map.of("defaultValue", "r" + d)));
            assets.add(dev.data().path("assetId").asString());
            devices.add(MqttTestDevice.connect(gateway.port(), pk, "r-" + d, dev.data().path("deviceSecret")
                    .asString()));
            assertThat(t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "associateAsset",
                    "orgId", t.orgId(), "treeId", treeId, "parentAssetId", site, "assetId", assets.get(d)), null)
                    .ok()).isTrue();
        }
        var created = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), Map.of(
                "pipelineName", "farm power", "templateType", "TreeRollup", "config", Map.of(
                        "treeRefreshSeconds", 1, "policies", List.of(Map.of("treeId", treeId,
                                "modelId", "flink_inv_r", "inputPoint", "power", "aggregation", "sum",
                                "outputModelId", "flink_site_r", "outputPoint", "power", "staleAfterSeconds", 0)))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String one = S + "/pipeline/" + created.data().path("pipelineId").asString();
        t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null);
        t.app().post(one, Map.of("action", "start", "orgId", t.orgId()), Map.of("executionMode", 0));
        awaitPhase(t, one, "RUNNING", Duration.ofSeconds(120));
        try {
            post(devices.get(0), System.currentTimeMillis(), 10);
            post(devices.get(1), System.currentTimeMillis(), 20);
            assertThat(awaitLatest(t, site, 30)).as("the tree's sum").isEqualTo(30.0);
            assertThat(t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "delete", "orgId",
                    t.orgId(), "treeId", treeId, "assetId", assets.get(1)), null).ok()).isTrue();
            long changedAt = System.nanoTime();
            post(devices.get(0), System.currentTimeMillis(), 11);
            assertThat(awaitLatest(t, site, 11)).as("the inverter that left no longer counts").isEqualTo(11.0);
            LOG.info("FIGURE a tree change reached the roll-up on the cluster in {} ms",
                    (System.nanoTime() - changedAt) / 1_000_000);
        } finally {
            for (MqttTestDevice d : devices) {
                d.close();
            }
        }
        t.app().post(one, Map.of("action", "stop", "orgId", t.orgId()), null);
    }

    /**
     * A custom pipeline whose parent look-up reads its tree from the directory topic: an inverter's power, merged by
     * its parent on the tree, is written doubled to the site. Without the tree the merger has no group and writes
     * nothing, so the site's value shows the look-up ran on the TaskManager.
     */
    @Test
    void aCustomPipelineWithAParentLookUpRunsOnTheFlinkClusterAndWritesToTheParentOnItsTree() throws Exception {
        Tenant t = newTenant();
        for (String model : List.of("flink_inv_c", "flink_site_c")) {
            t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                    simpleModel(model));
        }
        String pk = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", "flink_inv_c")).data().asString();
        var tree = t.app().post("/asset-tree-service/v2.1/asset-trees", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("tree", Map.of("name", Map.of("defaultValue", "Plant")),
                "asset", Map.of("modelId", "flink_site_c", "name", Map.of("defaultValue", "Plant"))));
        String treeId = tree.data().path("treeId").asString();
        String site = tree.data().path("assetId").asString();
        var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", pk, "deviceKey", "c-0", "deviceName", Map.of("defaultValue", "c0")));
        String inverter = dev.data().path("assetId").asString();
        assertThat(t.app().post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "associateAsset",
                "orgId", t.orgId(), "treeId", treeId, "parentAssetId", site, "assetId", inverter), null)
                .ok()).isTrue();
        var created = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), Map.of(
                "pipelineName", "plant power", "templateType", "Custom", "config", Map.of("stages", List.of(
                        Map.of("id", "sel", "operator", "PointSelector", "config",
                                Map.of("points", List.of("flink_inv_c::power"))),
                        Map.of("id", "parent", "operator", "ParentAssetLookup", "inputs", List.of("sel"),
                                "config", Map.of("treeId", treeId, "refreshSeconds", 1)),
                        Map.of("id", "merge", "operator", "LatestRecordMerger", "inputs", List.of("parent"),
                                "config", Map.of("points", List.of("flink_inv_c::power"),
                                        "outputPoint", "flink_site_c::temp", "groupBy", "tslParentLookup")),
                        Map.of("id", "calc", "operator", "ExpressionEvaluator", "inputs", List.of("merge"),
                                "config", Map.of("expression", "${flink_inv_c::power} * 2",
                                        "outputPoint", "flink_site_c::power")),
                        Map.of("id", "out", "operator", "Output", "inputs", List.of("calc"))))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String one = S + "/pipeline/" + created.data().path("pipelineId").asString();
        t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null);
        t.app().post(one, Map.of("action", "start", "orgId", t.orgId()), Map.of("executionMode", 0));
        awaitPhase(t, one, "RUNNING", Duration.ofSeconds(120));
        try (MqttTestDevice mqtt = MqttTestDevice.connect(gateway.port(), pk, "c-0",
                dev.data().path("deviceSecret").asString())) {
            post(mqtt, System.currentTimeMillis(), 21);
            assertThat(awaitLatest(t, site, 42)).as("the inverter's power, doubled, on its parent").isEqualTo(42.0);
        }
        t.app().post(one, Map.of("action", "stop", "orgId", t.orgId()), null);
    }

    /** The latest stored power of the asset once it is the expected value, or the last seen after a minute. */
    private static double awaitLatest(Tenant t, String asset, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double value = Double.NaN;
        while (value != expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
            var items = t.app().post("/tsdb-service/v2.1/latest", Map.of("orgId", t.orgId()),
                    Map.of("assetIds", asset, "pointIds", "power")).data().path("items");
            value = items.isEmpty() ? Double.NaN : items.get(0).path("value").asDouble();
        }
        return value;
    }

    /** Posts one power value and returns its time once it is acknowledged. */
    private static long post(MqttTestDevice mqtt, long time, double power) throws Exception {
        var reply = mqtt.request("thing/measurepoint/post", "thing.measurepoint.post",
                Map.of("measurepoints", Map.of("power", power), "time", time), String.valueOf(time));
        assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
        return time;
    }

    private Map<Long, Double> awaitResults(Tenant t, String asset, long from, long to, Map<Long, Double> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<Long, Double> stored;
        while (!(stored = results(t, asset, from, to)).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        return stored;
    }

    /** The stored results ({@code temp}) in [from, to). */
    private Map<Long, Double> results(Tenant t, String asset, long from, long to) {
        var raw = t.app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()),
                Map.of("assetIds", asset, "pointIds", "temp", "startTime", Instant.ofEpochMilli(from).toString(),
                        "endTime", Instant.ofEpochMilli(to - 1).toString(), "pageSize", 10_000, "itemFormat", 0));
        var results = new TreeMap<Long, Double>();
        raw.data().path("items").forEach(item -> results.put(item.path("timestamp").asLong(),
                item.path("temp").asDouble()));
        return results;
    }

    /** The same pipeline on the server's embedded engine over the stored input of [from, to): writes nothing. */
    private static Map<Long, Double> dryRun(Tenant t, String pipeline, String asset, long from, long to) {
        var run = t.app().post(pipeline, Map.of("action", "dryRun", "orgId", t.orgId()), Map.of(
                "assetIds", List.of(asset), "startTime", from, "endTime", to - 1));
        assertThat(run.ok()).as(run.toString()).isTrue();
        var results = new TreeMap<Long, Double>();
        run.data().path("outputs").forEach(out -> out.path("values").forEach(v ->
                results.put(v.get(0).asLong(), v.get(1).asDouble())));
        return results;
    }

    private static String phase(Tenant t, String pipeline) {
        return t.app().post(pipeline, Map.of("orgId", t.orgId()), null).data().path("runtime").path("phase")
                .asString();
    }

    private static void awaitPhase(Tenant t, String pipeline, String phase, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen;
        while (!(seen = phase(t, pipeline)).equals(phase)) {
            assertThat(System.nanoTime()).as("job %s in time (is %s)", phase, seen).isLessThan(deadline);
            Thread.sleep(100);
        }
    }


}
