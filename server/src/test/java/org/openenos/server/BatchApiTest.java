package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.ApiFixtures;
import org.openenos.testkit.Await;
import tools.jackson.databind.JsonNode;

/**
 * The /batch-processing-service/v2.1 and /data-federation/v2.0 APIs over HTTP on the real server: a workflow saved,
 * triggered for a past date, watched to success with its task states and logs; a bad DAG refused naming the task;
 * another organization kept out of flows and of SQL.
 */
class BatchApiTest extends ServerTestBase {
    private static final String FLOWS = "/batch-processing-service/v2.1/flows";
    private static final String INSTANCES = "/batch-processing-service/v2.1/flowInstances";
    private static final String TASKS = "/batch-processing-service/v2.1/taskInstances";

    @Test
    void aWorkflowIsSavedTriggeredForAPastDateAndWatchedToSuccessWithItsTaskStatesAndLogs() {
        Tenant t = newTenant();
        ApiFixtures fx = new ApiFixtures(fixturesApi(t.app()), t.orgId());
        fx.createTurbineModel("turbine");
        var product = fx.createProduct("turbine", "Device", false);
        String assetId = fx.createDevice(product.productKey(), "wt-01").assetId();
        Map<String, String> org = Map.of("orgId", t.orgId());

        var cyclic = t.app().post(FLOWS, Map.of("action", "save", "orgId", t.orgId()), Map.of("flowName", "bad",
                "tasks", List.of(task("a", "csv:a.csv"), task("b", "csv:b.csv")),
                "relations", List.of(Map.of("sourceTaskName", "a", "targetTaskName", "c"))));
        assertThat(cyclic.ok()).isFalse();
        assertThat(cyclic.body().path("msg").asString()).contains("task c does not exist");

        var saved = t.app().post(FLOWS, Map.of("action", "save", "orgId", t.orgId()), Map.of(
                "flowName", "daily asset list", "freq", "0 0 1 * * ? *", "cycle", "D",
                "tasks", List.of(task("list", "csv:assets-${cal_dt}.csv"), task("copy", "csv:copy-${cal_dt8}.csv")),
                "relations", List.of(Map.of("sourceTaskName", "list", "targetTaskName", "copy", "rerun", true))));
        assertThat(saved.ok()).as(saved.toString()).isTrue();
        long flowId = saved.data().path("flowId").asLong();
        var got = t.app().post(FLOWS, Map.of("action", "get", "orgId", t.orgId(), "flowId", flowId), null);
        assertThat(got.data().path("tasks")).hasSize(2);
        assertThat(got.data().path("freq").asString()).isEqualTo("0 0 1 * * ? *");

        long trigger = Instant.parse("2026-05-02T00:00:00Z").toEpochMilli();
        var triggered = t.app().post(FLOWS, Map.of("action", "trigger", "orgId", t.orgId()),
                Map.of("flowId", flowId, "triggerTime", trigger));
        long instanceId = triggered.data().path("flowInstanceId").asLong();
        JsonNode done = Await.atMost(java.time.Duration.ofSeconds(90)).until("the run finished",
                () -> t.app().post(INSTANCES, Map.of("action", "get", "orgId", t.orgId(), "flowInstId", instanceId),
                        null).data(), d -> d.path("status").asInt() != 5 && d.path("status").asInt() != 2
                        && d.path("status").asInt() != 9 && d.path("status").asInt() != 0);
        assertThat(done.path("status").asInt()).as(done.toString()).isEqualTo(1);
        assertThat(done.path("calDt").asString()).isEqualTo("2026-05-01");
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        long taskInstId = done.path("tasks").get(0).path("taskInstId").asLong();
        var log = t.app().post(TASKS, Map.of("action", "getLog", "orgId", t.orgId(), "taskInstId", taskInstId), null);
        assertThat(log.data().path("log").asString()).contains("wrote 1 rows to csv:assets-2026-05-01.csv");
        Path file = DATA_DIR.resolve("batch/files").resolve(t.orgId()).resolve("copy-20260501.csv");
        assertThat(Files.exists(file)).isTrue();

        var search = t.app().post(INSTANCES, Map.of("action", "search", "orgId", t.orgId()),
                Map.of("flowId", flowId, "status", "1"));
        assertThat(search.body().path("pagination").path("totalSize").asLong()).isEqualTo(1);

        var query = t.app().post("/data-federation/v2.0/channels/read/default", org,
                Map.of("sqlQuery", "SELECT asset_id, name FROM assets"));
        assertThat(query.data().path("queryState").asString()).as(query.toString()).isEqualTo("COMPLETED");
        assertThat(query.data().path("rows").get(0).get(0).asString()).isEqualTo(assetId);

        Tenant other = newTenant();
        assertThat(other.app().post(FLOWS, Map.of("action", "get", "orgId", t.orgId(), "flowId", flowId), null)
                .code()).isEqualTo(99403);
        assertThat(other.app().post(FLOWS, Map.of("action", "get", "orgId", other.orgId(), "flowId", flowId), null)
                .ok()).isFalse();
        var theirs = other.app().post("/data-federation/v2.0/channels/read/default", Map.of("orgId", other.orgId()),
                Map.of("sqlQuery", "SELECT count(*) AS n FROM assets WHERE asset_id = '" + assetId + "'"));
        assertThat(theirs.data().path("rows").get(0).get(0).asLong()).isZero();
    }

    private static Map<String, Object> task(String name, String target) {
        String source = target.startsWith("csv:copy") ? "csv:assets-${cal_dt}.csv" : "sql:SELECT asset_id, name FROM assets";
        return Map.of("name", name, "type", "SYNC", "config", Map.of("source", source, "target", target),
                "timeout", 60, "retryLimit", 1, "retryInterval", 1);
    }
}
