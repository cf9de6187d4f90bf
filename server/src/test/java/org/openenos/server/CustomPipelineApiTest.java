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
 * model does not have, then created, released and started, turning a real device's values into another point.
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
