package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.alerting.platform.PlatformMetricsSampler;
import org.openenos.model.MeasurePointValue;
import org.openenos.subscription.netty.EnosSubscriptionClient;
import org.openenos.subscription.netty.SubscriptionListener;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Dry runs, versions, export/import over HTTP, and alert rules that fire on the lag of a stream job and of a
 * subscription's consumer group, through the real engines.
 */
class StreamingOpsApiTest extends ServerTestBase {
    private static final String S = "/streaming/v2.0/streaming";
    private static final String EVENTS = "/event-service/v2.1/";
    private static final long MINUTE = 60_000;

    @Autowired
    ApplicationContext context;
    @org.springframework.boot.test.web.server.LocalManagementPort
    int managementPort;

    private String asset(Tenant t, String modelId) {
        var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel(modelId));
        assertThat(model.ok()).as(model.toString()).isTrue();
        var product = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", modelId));
        var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", product.data().asString(), "deviceName", Map.of("defaultValue", "Inverter"),
                        "timezone", "+00:00"));
        assertThat(dev.ok()).as(dev.toString()).isTrue();
        return dev.data().path("assetId").asString();
    }

    private void store(List<MeasurePointValue> values) throws Exception {
        TimeSeriesModule ts = context.getBean(TimeSeriesModule.class);
        ts.ingest().ingest(values).join();
        assertThat(ts.awaitStored(Duration.ofSeconds(30))).isTrue();
    }

    private static Map<String, Object> average(String modelId) {
        return Map.of("pipelineName", "temp avg", "templateType", "TimeWindowAggregation", "config", Map.of(
                "latencySeconds", 0, "policies", List.of(Map.of("modelId", modelId, "inputPoint", "temp",
                        "aggregation", "avg", "windowMinutes", 1, "outputPoint", "power"))));
    }

    @Test
    void aDraftsDryRunShowsTheAveragesItWouldHaveWrittenBesideItsInputsAndWritesNothing() throws Exception {
        Tenant t = newTenant();
        String assetId = asset(t, "dry_inv");
        long t0 = (System.currentTimeMillis() - 3_600_000) / MINUTE * MINUTE;
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < 12; i++) { // two minutes, every 10 s: averages 2.5 and 8.5
            values.add(new MeasurePointValue(t.orgId(), "dry_inv", assetId, "temp", t0 + i * 10_000L, (double) i,
                    null));
        }
        store(values);
        var created = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()),
                average("dry_inv"));
        String one = S + "/pipeline/" + created.data().path("pipelineId").asString();

        var run = t.app().post(one, Map.of("action", "dryRun", "orgId", t.orgId()), Map.of(
                "assetIds", List.of(assetId), "startTime", t0, "endTime", t0 + 2 * MINUTE));
        assertThat(run.ok()).as(run.toString()).isTrue();
        JsonNode out = run.data().path("outputs").get(0);
        assertThat(out.path("pointId").asString()).isEqualTo("power");
        assertThat(out.path("values").get(0).get(0).asLong()).isEqualTo(t0);
        assertThat(out.path("values").get(0).get(1).asDouble()).isEqualTo(2.5);
        assertThat(out.path("values").get(1).get(1).asDouble()).isEqualTo(8.5);
        assertThat(run.data().path("inputs").get(0).path("values").size()).isEqualTo(12);

        // a definition that is not saved yet, on the collection
        var draft = t.app().post(S + "/pipelines", Map.of("action", "dryRun", "orgId", t.orgId()), Map.of(
                "templateType", "MultiPointMerge", "config", Map.of("policies", List.of(Map.of("modelId", "dry_inv",
                        "outputPoint", "power", "expression", "${dry_inv::temp} * 2", "trigger", "point"))),
                "assetIds", List.of(assetId), "startTime", t0, "endTime", t0 + 30_000));
        assertThat(draft.data().path("outputs").get(0).path("values").size()).as(draft.toString()).isEqualTo(3);

        var tsdb = t.app().post("/tsdb-service/v2.1/raw", Map.of("orgId", t.orgId()), Map.of("assetIds", assetId,
                "pointIds", "power", "startTime", java.time.Instant.ofEpochMilli(t0).toString(),
                "endTime", java.time.Instant.ofEpochMilli(t0 + 2 * MINUTE).toString(), "pageSize", 1000,
                "itemFormat", 0));
        assertThat(tsdb.ok()).as(tsdb.toString()).isTrue();
        assertThat(tsdb.data().path("items").size()).as("nothing written").isZero();

        assertThat(t.app().post(one, Map.of("action", "dryRun", "orgId", t.orgId()), Map.of(
                "assetIds", List.of(assetId), "startTime", t0, "endTime", t0 + 30L * 24 * 3_600_000)).code())
                .isEqualTo(61105);
        assertThat(t.app().post(one, Map.of("action", "dryRun", "orgId", t.orgId()), Map.of(
                "startTime", t0, "endTime", t0 + MINUTE)).code()).isEqualTo(61102);
        Tenant other = newTenant();
        String foreign = asset(other, "dry_inv");
        var refused = t.app().post(one, Map.of("action", "dryRun", "orgId", t.orgId()), Map.of(
                "assetIds", List.of(foreign), "startTime", t0, "endTime", t0 + MINUTE));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.body().path("msg").asString()).contains("does not exist");
    }

    @Test
    void releasesAreVersionsAndAnExportedJobImportsIntoAnotherOrganization() {
        Tenant t = newTenant();
        var created = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), average("m"));
        String id = created.data().path("pipelineId").asString();
        String one = S + "/pipeline/" + id;
        t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null);
        t.app().post(one, Map.of("action", "save", "orgId", t.orgId()), Map.of("pipelineName", "renamed"));
        t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null);

        var versions = t.app().post(one, Map.of("action", "versions", "orgId", t.orgId()), null);
        assertThat(versions.data().path("count").asInt()).as(versions.toString()).isEqualTo(2);
        assertThat(versions.data().path("versions").get(0).path("pipelineName").asString()).isEqualTo("renamed");
        var v1 = t.app().post(one, Map.of("action", "version", "version", "1", "orgId", t.orgId()), null);
        assertThat(v1.data().path("pipelineName").asString()).isEqualTo("temp avg");
        assertThat(t.app().post(one, Map.of("action", "version", "version", "9", "orgId", t.orgId()), null).code())
                .isEqualTo(61109);

        var exported = t.app().post(one, Map.of("action", "export", "orgId", t.orgId()), null);
        Tenant other = newTenant();
        var imported = other.app().post(S + "/pipelines", Map.of("action", "import", "orgId", other.orgId()),
                exported.data());
        assertThat(imported.ok()).as(imported.toString()).isTrue();
        var copy = other.app().post(S + "/pipeline/" + imported.data().path("pipelineId").asString(),
                Map.of("orgId", other.orgId()), null);
        assertThat(copy.data().path("status").asString()).isEqualTo("DRAFT");
        assertThat(copy.data().path("config").path("policies").get(0).path("outputPoint").asString())
                .isEqualTo("power");
    }

    @Test
    void aChainOfJobsIsShownAndTheReleaseThatWouldCloseALoopIsRefused() {
        Tenant t = newTenant();
        String a = create(t, "a", "temp", "power");
        String b = create(t, "b", "power", "x");
        String c = create(t, "c", "x", "temp");
        assertThat(t.app().post(S + "/pipeline/" + a, Map.of("action", "release", "orgId", t.orgId()), null).ok())
                .isTrue();
        assertThat(t.app().post(S + "/pipeline/" + b, Map.of("action", "release", "orgId", t.orgId()), null).ok())
                .isTrue();
        var loop = t.app().post(S + "/pipeline/" + c, Map.of("action", "release", "orgId", t.orgId()), null);
        assertThat(loop.code()).as(loop.toString()).isEqualTo(61110);
        var details = t.app().post(S + "/pipeline/" + b, Map.of("orgId", t.orgId()), null);
        assertThat(details.data().path("upstream").get(0).asString()).isEqualTo(a);
    }

    private String create(Tenant t, String name, String in, String out) {
        var created = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), Map.of(
                "pipelineName", name, "templateType", "TimeWindowAggregation", "config", Map.of("policies",
                        List.of(Map.of("modelId", "m", "inputPoint", in, "aggregation", "avg", "windowMinutes", 1,
                                "outputPoint", out)))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        return created.data().path("pipelineId").asString();
    }

    private void severityAndRule(Tenant t, String ruleId, String modelId, String condition) {
        t.app().post(EVENTS + "alert-severities", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("severity", Map.of("severityId", "major", "severityDesc", Map.of("defaultValue", "Major"))));
        var rule = t.app().post(EVENTS + "alert-rules", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("rule", Map.of("ruleId", ruleId, "ruleDesc", Map.of("defaultValue", "behind"),
                        "modelId", modelId, "measurepointId", "lag", "condition", condition,
                        "severityId", "major", "isEnabled", true, "scope", List.of(Map.of("treeId", "all")))));
        assertThat(rule.ok()).as(rule.toString()).isTrue();
    }

    /** Samples the platform metrics until an active alert of {@code assetId} is there. */
    private JsonNode awaitAlert(Tenant t, String assetId) throws InterruptedException {
        PlatformMetricsSampler sampler = context.getBean(PlatformMetricsSampler.class);
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            sampler.sample();
            var active = t.app().post(EVENTS + "active-alerts", Map.of("action", "search", "orgId", t.orgId()),
                    Map.of("assetId", assetId, "pagination", Map.of("pageNo", 1, "pageSize", 10)));
            if (active.ok() && !active.data().isEmpty()) {
                return active.data().get(0);
            }
            assertThat(System.currentTimeMillis()).as("alert raised in time: " + active).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void anAlertRuleOnTheSystemModelOfStreamJobsFiresOnARunningJobsLag() throws Exception {
        Tenant t = newTenant();
        var created = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), average("m"));
        String id = created.data().path("pipelineId").asString();
        String one = S + "/pipeline/" + id;
        t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null);
        t.app().post(one, Map.of("action", "start", "orgId", t.orgId()), Map.of("executionMode", 0));
        severityAndRule(t, "job-behind", "openenos_stream_job", "${lag} >= 0");
        try {
            JsonNode alert = awaitAlert(t, id);
            assertThat(alert.path("hitRuleId").asString()).isEqualTo("job-behind");
            assertThat(alert.path("modelId").asString()).isEqualTo("openenos_stream_job");
            long deadline = System.currentTimeMillis() + 120_000;
            while (!t.app().post(one, Map.of("orgId", t.orgId()), null).data().path("runtime").path("phase")
                    .asString().equals("RUNNING")) { // the engine's per-job metrics exist once it runs the job
                assertThat(System.currentTimeMillis()).as("job running in time").isLessThan(deadline);
                Thread.sleep(200);
            }
            var details = t.app().post(one, Map.of("orgId", t.orgId()), null);
            assertThat(details.data().path("runtime").has("recordsInRate")).isTrue();
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("openenos_stream_jobs{status=\"RUNNING\"}",
                    "openenos_stream_job_lag{org=\"" + t.orgId() + "\",pipeline=\"" + id + "\"");
            Tenant other = newTenant();
            var foreign = other.app().post(EVENTS + "active-alerts", Map.of("action", "search", "orgId",
                    other.orgId()), Map.of("assetId", id, "pagination", Map.of("pageNo", 1, "pageSize", 10)));
            assertThat(foreign.data().isEmpty()).as(foreign.toString()).isTrue();
        } finally {
            t.app().post(one, Map.of("action", "stop", "orgId", t.orgId()), null);
        }
    }

    @Test
    void anAlertRuleOnTheSystemModelOfSubscriptionGroupsFiresWhenAGroupFallsBehind() throws Exception {
        Tenant t = newTenant();
        String assetId = asset(t, "lag_inv");
        var created = t.app().post("/subscription-service/v2.1/subscriptions", Map.of("action", "create",
                "orgId", t.orgId()), Map.of("name", "slow app", "subType", 0, "filter", Map.of()));
        String subId = created.data().path("subId").asString();
        severityAndRule(t, "group-behind", "openenos_subscription_group", "${lag} > 2");
        int port = context.getBean(SubscriptionListener.class).port();
        try (var client = EnosSubscriptionClient.webSocket(port)) {
            assertThat(client.auth(created.data().path("accessKey").asString(),
                    created.data().path("accessSecret").asString(), subId, 0)).isZero();
            assertThat(client.subscribe(0, subId, created.data().path("accessKey").asString(), "slow")).isZero();
            long now = System.currentTimeMillis();
            for (int i = 0; i < 5; i++) { // never pulled nor committed: the group is 5 messages behind
                store(List.of(new MeasurePointValue(t.orgId(), "lag_inv", assetId, "temp", now + i, 20.0 + i,
                        null)));
            }
            JsonNode alert = awaitAlert(t, subId + ":slow");
            assertThat(alert.path("hitRuleId").asString()).isEqualTo("group-behind");
            assertThat(alert.path("value").asDouble()).isGreaterThan(2);
        }
    }
}
