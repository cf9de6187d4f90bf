package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /streaming/v2.0 API over HTTP: the lifecycle, EnOS error codes, and another organization kept out. */
class StreamingApiTest extends ServerTestBase {
    private static final String S = "/streaming/v2.0/streaming";

    private static Map<String, Object> avg(String aggregation) {
        return Map.of("pipelineName", "avg", "templateType", "TimeWindowAggregation", "config", Map.of(
                "latencySeconds", 0, "policies", List.of(Map.of("modelId", "m", "inputPoint", "p",
                        "aggregation", aggregation, "windowMinutes", 1, "outputPoint", "p_avg"))));
    }

    @Test
    void aJobIsCreatedReleasedStartedPausedAndStoppedWithEnosErrorCodesOnMistakes() throws Exception {
        Tenant t = newTenant();
        Map<String, String> org = Map.of("orgId", t.orgId());

        var bad = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), avg("median"));
        assertThat(bad.code()).as(bad.toString()).isEqualTo(61107);
        assertThat(bad.body().path("msg").asString()).startsWith("policies[0].aggregation:");

        var created = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), avg("avg"));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String id = created.data().path("pipelineId").asString();
        String one = S + "/pipeline/" + id;

        assertThat(t.app().post(one, Map.of("action", "start", "orgId", t.orgId()), Map.of("executionMode", 0))
                .code()).isEqualTo(61152);
        assertThat(t.app().post(one, org, null).data().path("status").asString()).isEqualTo("DRAFT");
        var saved = t.app().post(one, Map.of("action", "save", "orgId", t.orgId()),
                Map.of("pipelineName", "avg renamed"));
        assertThat(saved.data().path("version").asInt()).isEqualTo(2);
        assertThat(t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null)
                .data().path("status").asString()).isEqualTo("PUBLISHED");

        var list = t.app().post(S + "/pipelines", org, null);
        assertThat(list.data().path("count").asInt()).isEqualTo(1);
        assertThat(list.data().path("pipelines").get(0).path("pipelineName").asString()).isEqualTo("avg renamed");

        Tenant other = newTenant();
        assertThat(other.app().post(one, Map.of("orgId", other.orgId()), null).code()).isEqualTo(61108);
        assertThat(other.app().post(one, org, null).code()).isEqualTo(99403);

        assertThat(t.app().post(one, Map.of("action", "start", "orgId", t.orgId()), Map.of("executionMode", 0))
                .data().path("status").asString()).isEqualTo("RUNNING");
        long deadline = System.currentTimeMillis() + 120_000;
        while (!t.app().post(one, org, null).data().path("runtime").path("phase").asString().equals("RUNNING")) {
            assertThat(System.currentTimeMillis()).as("job running in time").isLessThan(deadline);
            Thread.sleep(200);
        }
        var lag = t.app().post(one + "/offset-lag", org, null);
        assertThat(lag.data().size()).as(lag.toString()).isGreaterThan(0);
        assertThat(t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null).code())
                .isEqualTo(61169);
        assertThat(t.app().post(one, Map.of("action", "pause", "orgId", t.orgId()), null)
                .data().path("status").asString()).isEqualTo("PAUSED");
        assertThat(t.app().post(one + "/offset-lag", org, null).code()).isEqualTo(61152);
        assertThat(t.app().post(one, Map.of("action", "stop", "orgId", t.orgId()), null)
                .data().path("status").asString()).isEqualTo("STOPPED");
        assertThat(t.app().post(one, Map.of("action", "delete", "orgId", t.orgId()), null).ok()).isTrue();
        assertThat(t.app().post(one, org, null).code()).isEqualTo(61108);
    }

    @Test
    void stageStateIsReadFromARunningOrPausedJobAndDeletingItNeedsAPausedJob() throws Exception {
        Tenant t = newTenant();
        Map<String, String> org = Map.of("orgId", t.orgId());
        Map<String, String> get = Map.of("action", "get", "orgId", t.orgId());
        Map<String, String> delete = Map.of("action", "delete", "orgId", t.orgId());
        String windowJob = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()),
                avg("avg")).data().path("pipelineId").asString();
        String calcJob = t.app().post(S + "/pipelines", Map.of("action", "create", "orgId", t.orgId()), Map.of(
                "pipelineName", "calc", "templateType", "MultiPointMerge", "config", Map.of("policies", List.of(
                        Map.of("modelId", "m", "outputPoint", "q", "expression", "${m::a} * 2")))))
                .data().path("pipelineId").asString();
        String stageState = "/streaming/v2.0/stage-state";

        assertThat(t.app().post(stageState, get, Map.of("pipelineId", calcJob)).code()).isEqualTo(61102);
        assertThat(t.app().post(stageState, get, Map.of("pipelineId", windowJob, "stageInstanceName", "lastValues"))
                .code()).isEqualTo(61107);
        Map<String, Object> body = Map.of("pipelineId", calcJob, "stageInstanceName", "lastValues",
                "assetIds", "x1,x2", "pointIds", "a");
        assertThat(t.app().post(stageState, get, body).code()).as("a draft holds no state").isEqualTo(61152);

        String one = S + "/pipeline/" + calcJob;
        t.app().post(one, Map.of("action", "release", "orgId", t.orgId()), null);
        assertThat(t.app().post(one, Map.of("action", "start", "orgId", t.orgId()), Map.of("executionMode", 0))
                .data().path("status").asString()).isEqualTo("RUNNING");
        var read = t.app().post(stageState, get, body);
        assertThat(read.ok()).as(read.toString()).isTrue();
        assertThat(read.data().isArray()).isTrue();
        assertThat(t.app().post(stageState, delete, body).code()).as("running").isEqualTo(61152);
        t.app().post(one, Map.of("action", "pause", "orgId", t.orgId()), null);
        var paused = t.app().post(stageState, get, body);
        assertThat(paused.ok()).as("a paused job's state is read from its checkpoint: " + paused).isTrue();
        var deleted = t.app().post(stageState, delete, body);
        assertThat(deleted.ok()).as(deleted.toString()).isTrue();

        Tenant other = newTenant();
        assertThat(other.app().post(stageState, Map.of("action", "get", "orgId", other.orgId()), body).code())
                .isEqualTo(61108);
        t.app().post(one, Map.of("action", "stop", "orgId", t.orgId()), null);
    }
}
