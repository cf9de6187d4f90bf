package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/**
 * A custom pipeline through the running server: refused with the stage and field named when it reads a point its
 * model does not have, then created, released and started, turning a real device's values into another point; the
 * state of its stateful stages read and deleted by stage id.
 */
class CustomPipelineApiTest extends ConnectivityTestBase {
    private static final String S = "/streaming/v2.0/streaming";

    private static Map<String, Object> pipeline(String modelId, String inputPoint) {
        return Map.of("pipelineName", "doubled", "templateType", "Custom", "config", Map.of("stages", List.of(
                Map.of("id", "sel", "operator", "PointSelector", "config", Map.of("points",
                        List.of(modelId + "::" + inputPoint))),
                Map.of("id", "calc", "operator", "ExpressionEvaluator", "inputs", List.of("sel"), "config",
                        Map.of("expression", "${" + modelId + "::" + inputPoint + "} * 2 + 1",
                                "outputPoint", modelId + "::temp")),
                Map.of("id", "out", "operator", "Output", "inputs", List.of("calc")))));
    }

    @Test
    void aCustomPipelineIsValidatedAgainstTheModelThenReleasedStartedAndWritesItsOutputPoint() throws Exception {
        Tenant t = newTenant();
        DeviceInfo device = devices(t, "inv_custom", false, 1).getFirst();
        Map<String, String> create = Map.of("action", "create", "orgId", t.orgId());

        var refused = t.app().post(S + "/pipelines", create, pipeline("inv_custom", "volt"));
        assertThat(refused.code()).as(refused.toString()).isEqualTo(61107);
        assertThat(refused.body().path("msg").asString())
                .isEqualTo("stages[0] (sel).config.points: inv_custom::volt is not a measure point of model inv_custom");

        var created = t.app().post(S + "/pipelines", create, pipeline("inv_custom", "power"));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String one = S + "/pipeline/" + created.data().path("pipelineId").asString();
        assertThat(t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null)
                .data().path("status").asString()).isEqualTo("PUBLISHED");
        assertThat(t.app().post(one, Map.of("action", "start", "orgId", t.orgId()), Map.of("executionMode", 0))
                .data().path("status").asString()).isEqualTo("RUNNING");
        long deadline = System.currentTimeMillis() + 120_000;
        while (!t.app().post(one, Map.of("orgId", t.orgId()), null).data().path("runtime").path("phase").asString()
                .equals("RUNNING")) {
            assertThat(System.currentTimeMillis()).as("job running in time").isLessThan(deadline);
            Thread.sleep(200);
        }
        try (MqttTestDevice d = connect(device)) {
            JsonNode reply = d.request("thing/measurepoint/post", "thing.measurepoint.post",
                    Map.of("measurepoints", Map.of("power", 10.0), "time", System.currentTimeMillis()), "1");
            assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
        }
        assertThat(awaitLatest(t, device.assetId(), "temp", 21.0)).isEqualTo(21.0);
        var job = t.app().post(one, Map.of("orgId", t.orgId()), null).data();
        assertThat(job.path("templateType").asString()).isEqualTo("Custom");
        assertThat(t.app().post(one, Map.of("action", "stop", "orgId", t.orgId()), null).ok()).isTrue();
    }

    @Test
    void theStateOfACustomPipelinesStagesIsReadAndDeletedByStageIdAndAStatelessOrUnknownStageIsNamedInTheError()
            throws Exception {
        Tenant t = newTenant();
        DeviceInfo device = devices(t, "inv_state", false, 1).getFirst();
        var created = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), Map.of(
                "pipelineName", "hourly", "templateType", "Custom", "config", Map.of("stages", List.of(
                        Map.of("id", "sel", "operator", "PointSelector", "config", Map.of("points",
                                List.of("inv_state::power"))),
                        Map.of("id", "prev", "operator", "LastRecordAppender", "inputs", List.of("sel")),
                        Map.of("id", "hour", "operator", "FixedTimeWindowAggregator", "inputs", List.of("prev"),
                                "config", Map.of("aggregation", "max", "windowMinutes", 60,
                                        "outputPoint", "inv_state::temp")),
                        Map.of("id", "out", "operator", "Output", "inputs", List.of("hour"))))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String id = created.data().path("pipelineId").asString();
        String one = S + "/pipeline/" + id;
        t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null);
        t.app().post(one, Map.of("action", "start", "orgId", t.orgId()), Map.of("executionMode", 0));
        long deadline = System.currentTimeMillis() + 120_000;
        while (!t.app().post(one, Map.of("orgId", t.orgId()), null).data().path("runtime").path("phase").asString()
                .equals("RUNNING")) {
            assertThat(System.currentTimeMillis()).as("job running in time").isLessThan(deadline);
            Thread.sleep(200);
        }
        long time = System.currentTimeMillis();
        try (MqttTestDevice d = connect(device)) {
            JsonNode reply = d.request("thing/measurepoint/post", "thing.measurepoint.post",
                    Map.of("measurepoints", Map.of("power", 12.5), "time", time), "1");
            assertThat(reply.path("code").asInt()).as(reply.toString()).isEqualTo(200);
        }
        String stageState = "/streaming/v2.0/stage-state";
        Map<String, String> get = Map.of("action", "get", "orgId", t.orgId());
        Map<String, Object> hour = Map.of("pipelineId", id, "stageInstanceName", "hour");
        JsonNode window = null;
        while (window == null || window.isEmpty()) {
            assertThat(System.currentTimeMillis()).as("the window in a checkpoint in time").isLessThan(deadline);
            Thread.sleep(200);
            var read = t.app().post(stageState, get, hour);
            assertThat(read.ok()).as(read.toString()).isTrue();
            window = read.data();
        }
        assertThat(window.get(0).path("assetId").asString()).isEqualTo(device.assetId());
        assertThat(window.get(0).path("pointId").asString()).isEqualTo("power");
        assertThat(window.get(0).path("value").asDouble()).isEqualTo(12.5);
        assertThat(window.get(0).path("attr").path("outputPoint").asString()).isEqualTo("temp");
        assertThat(window.get(0).path("attr").path("checkpointId").asLong()).isPositive();
        var previous = t.app().post(stageState, get, Map.of("pipelineId", id, "stageInstanceName", "prev"));
        assertThat(previous.data().get(0).path("time").asLong()).as(previous.toString()).isEqualTo(time);

        var stateless = t.app().post(stageState, get, Map.of("pipelineId", id, "stageInstanceName", "sel"));
        assertThat(stateless.code()).isEqualTo(61107);
        assertThat(stateless.body().path("msg").asString())
                .isEqualTo("stage 'sel' (PointSelector) keeps no state (the pipeline's stateful stages: [prev, hour])");
        var unknown = t.app().post(stageState, get, Map.of("pipelineId", id, "stageInstanceName", "day"));
        assertThat(unknown.code()).isEqualTo(61107);
        assertThat(unknown.body().path("msg").asString()).startsWith("stage 'day': pipeline " + id
                + " has no such stage");

        t.app().post(one, Map.of("action", "pause", "orgId", t.orgId()), null);
        var deleted = t.app().post(stageState, Map.of("action", "delete", "orgId", t.orgId()), hour);
        assertThat(deleted.ok()).as(deleted.toString()).isTrue();
        assertThat(t.app().post(stageState, get, hour).data().isEmpty()).isTrue();
        assertThat(t.app().post(stageState, get, Map.of("pipelineId", id, "stageInstanceName", "prev")).data()
                .size()).as("the other stage keeps its state").isEqualTo(1);
        t.app().post(one, Map.of("action", "stop", "orgId", t.orgId()), null);
    }

    private static double awaitLatest(Tenant t, String assetId, String pointId, double expected) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        var seen = new ArrayList<Double>();
        while (System.currentTimeMillis() < deadline) {
            var r = t.app().post("/tsdb-service/v2.1/latest", Map.of("orgId", t.orgId()),
                    Map.of("assetIds", assetId, "pointIds", pointId));
            JsonNode items = r.body().path("data").path("items");
            if (!items.isEmpty()) {
                double value = items.get(0).path("value").asDouble();
                if (value == expected) {
                    return value;
                }
                seen.add(value);
            }
            Thread.sleep(200);
        }
        return seen.isEmpty() ? Double.NaN : seen.getLast();
    }
}
