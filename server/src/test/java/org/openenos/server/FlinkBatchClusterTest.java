package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openenos.batch.QueryResult;
import org.openenos.batch.SqlQueries;
import org.openenos.batch.flink.FlinkBatchQueries;
import org.openenos.batch.sql.CalciteSqlQueries;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.testkit.ApiFixtures;
import org.openenos.testkit.Await;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Batch SQL steps on a Flink 2.2 session cluster (a JobManager and a TaskManager as separate JVMs from Maven
 * Central's jars, nothing of this project on their class path): one workflow runs the same KPI statement in the
 * server (Calcite) and as a bounded Flink job, and both store the same values; a step whose job fails on the cluster
 * fails with the job's error in the run's status, and the task log names the job and its states. The two engines
 * also answer a plain history query with the same columns and rows. The Flink cluster and the server are the ones
 * of {@link FlinkClusterServer}, shared with the stream job tests. Runs in the {@code cluster} Maven profile.
 */
@Tag("cluster")
class FlinkBatchClusterTest extends FlinkClusterServer {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkBatchClusterTest.class);
    private static final String BASE = "/batch-processing-service/v2.1/";
    private static final String KPI = """
            SELECT h.asset_id, '%s' AS point_id, TIMESTAMP '${cal_dt} 12:00:00' AS ts,
                   AVG(h.num_value) + MAX(h.num_value) - MIN(h.num_value) + COUNT(*) AS `value`
            FROM history h JOIN assets a ON a.asset_id = h.asset_id
            WHERE h.point_id = 'power' AND a.model_id = 'meter'
            GROUP BY h.asset_id""";

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    TimeSeriesModule timeSeries;
    @Autowired
    CalciteSqlQueries calcite;
    @Autowired
    FlinkBatchQueries flink;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void aSqlStepOnTheFlinkClusterStoresWhatTheEmbeddedStepStoresAndAFailedJobFailsItsStep() throws Exception {
        Tenant t = newTenant();
        List<String> assets = meters(t, 2);
        long started = System.nanoTime();
        var saved = t.app().post(BASE + "flows", Map.of("action", "save", "orgId", t.orgId()), Map.of(
                "flowName", "daily kpi on both engines", "freq", "0 0 1 * * ? *", "cycle", "D",
                "tasks", List.of(
                        step("embedded", "calcite", KPI.formatted("kpi_embedded"), 0),
                        // a TaskManager missing its heartbeats (a loaded machine) fails the job once Flink's
                        // restarts are spent: the step's retry covers it
                        step("cluster", "flink", KPI.formatted("kpi_cluster"), 1),
                        step("broken", "flink", "SELECT asset_id, 'kpi_cluster' AS point_id, ts,"
                                + " CAST(asset_id AS INT) AS `value` FROM history", 0))));
        assertThat(saved.ok()).as(saved.toString()).isTrue();
        long flowId = saved.data().path("flowId").asLong();
        long instanceId = t.app().post(BASE + "flows", Map.of("action", "trigger", "orgId", t.orgId()),
                Map.of("flowId", flowId, "triggerTime", utc("2026-05-02T01:00:00Z"))).data()
                .path("flowInstanceId").asLong();
        JsonNode done = Await.atMost(Duration.ofSeconds(240)).until("the run finished",
                () -> t.app().post(BASE + "flowInstances", Map.of("action", "get", "orgId", t.orgId(),
                        "flowInstId", instanceId), null).data(),
                d -> !List.of(0, 2, 5, 6, 9).contains(d.path("status").asInt()));
        LOG.info("FIGURE workflow with two Flink steps and one Calcite step finished in {} ms",
                (System.nanoTime() - started) / 1_000_000);

        assertThat(task(done, "embedded").path("status").asInt()).as(done.toString()).isEqualTo(1);
        assertThat(task(done, "cluster").path("status").asInt()).as(done.toString()).isEqualTo(1);
        JsonNode broken = task(done, "broken");
        assertThat(broken.path("status").asInt()).as(done.toString()).isNotEqualTo(1);
        assertThat(broken.path("message").asString()).contains("Flink job").contains("failed");
        assertThat(done.path("status").asInt()).isNotEqualTo(1);
        assertThat(done.path("statusDesc").asString()).startsWith("broken: ").contains("Flink job");

        String clusterLog = log(t, task(done, "cluster"));
        assertThat(clusterLog).containsPattern("Flink job [0-9a-f]{32} submitted").contains("RUNNING")
                .contains("FINISHED").contains("wrote 2 measure point values");
        assertThat(log(t, broken)).containsPattern("Flink job [0-9a-f]{32} FAILED");

        assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();
        long noon = utc("2026-05-01T12:00:00Z");
        for (int i = 0; i < assets.size(); i++) {
            // values 10, 20 and 30 (+ 10 per asset) in the business day: avg + (max - min) + count
            double expected = 20 + 10 * i + 20 + 3;
            assertThat(stored(t, assets.get(i), "kpi_embedded")).containsExactly(List.of(noon, expected));
            assertThat(stored(t, assets.get(i), "kpi_cluster")).containsExactly(List.of(noon, expected));
        }
    }

    @Test
    void bothEnginesAnswerAHistoryQueryWithTheSameColumnsAndRows() throws Exception {
        Tenant t = newTenant();
        meters(t, 2);
        var limits = new SqlQueries.Limits(Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-05-02T00:00:00Z"),
                1000, Duration.ofMinutes(3));
        String sql = "SELECT asset_id, point_id, ts, num_value, str_value FROM history"
                + " WHERE num_value > 15 ORDER BY asset_id, ts";
        QueryResult embedded = calcite.query(t.orgId(), sql, limits);
        long started = System.nanoTime();
        List<String> log = new ArrayList<>();
        QueryResult cluster = flink.query(t.orgId(), sql, limits, log::add, () -> { });
        LOG.info("FIGURE history query on the Flink cluster (input files, plan, job, result files) in {} ms",
                (System.nanoTime() - started) / 1_000_000);

        assertThat(cluster.columns()).isEqualTo(embedded.columns());
        assertThat(cluster.rows()).hasSize(5).isEqualTo(embedded.rows());
        assertThat(cluster.types()).isEqualTo(embedded.types());
        assertThat(log).anyMatch(l -> l.endsWith("FINISHED"));
        assertThat(meters.find("openenos.batch.cluster.step").tag("outcome", "succeeded").timer().count())
                .isPositive();
    }

    /** Meters with power 10, 20, 30 (+ 10 per meter) in the business day 2026-05-01 and one value on each side. */
    private List<String> meters(Tenant t, int count) throws Exception {
        var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("modelId", "meter", "name", Map.of("defaultValue", "Meter"), "attributes", Map.of(),
                        "measurepoints", Map.of("power", point("power"), "kpi_embedded", point("kpi_embedded"),
                                "kpi_cluster", point("kpi_cluster")),
                        "services", Map.of(), "events", Map.of()));
        assertThat(model.ok()).as(model.toString()).isTrue();
        ApiFixtures fx = new ApiFixtures(fixturesApi(t.app()), t.orgId());
        var product = fx.createProduct("meter", "Device", false);
        List<String> assets = new ArrayList<>();
        List<MeasurePointValue> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String asset = fx.createDevice(product.productKey(), "m-" + i).assetId();
            assets.add(asset);
            values.add(power(t, asset, "2026-04-30T23:00:00Z", 999));
            values.add(power(t, asset, "2026-05-01T06:00:00Z", 10 + 10 * i));
            values.add(power(t, asset, "2026-05-01T12:30:00Z", 20 + 10 * i));
            values.add(power(t, asset, "2026-05-01T18:00:00Z", 30 + 10 * i));
            values.add(power(t, asset, "2026-05-02T00:00:00Z", 999));
        }
        ingest.ingest(values).get();
        assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();
        return assets;
    }

    private static Map<String, Object> point(String id) {
        return Map.of("identifier", id, "name", Map.of("defaultValue", id), "dataType", "DOUBLE", "signalType", "AI",
                "hasQuality", false);
    }

    private static MeasurePointValue power(Tenant t, String asset, String time, double value) {
        return new MeasurePointValue(t.orgId(), "meter", asset, "power", utc(time), value, null);
    }

    private static Map<String, Object> step(String name, String engine, String sql, int retries) {
        return Map.of("name", name, "type", "SQL", "config", Map.of("sql", sql, "engine", engine),
                "timeout", 180, "retryLimit", retries, "retryInterval", 1);
    }

    private List<List<Object>> stored(Tenant t, String asset, String point) {
        return timeSeries.store().range(new SeriesKey(t.orgId(), asset, point), utc("2026-05-01T00:00:00Z"),
                        utc("2026-05-02T00:00:00Z"), 10, false)
                .stream().map(v -> List.<Object>of(v.time(), ((Number) v.value()).doubleValue())).toList();
    }

    private static JsonNode task(JsonNode instance, String name) {
        for (JsonNode task : instance.path("tasks")) {
            if (task.path("taskName").asString().equals(name)) {
                return task;
            }
        }
        throw new AssertionError("no task " + name + " in " + instance);
    }

    private static String log(Tenant t, JsonNode task) {
        return t.app().post(BASE + "taskInstances", Map.of("action", "getLog", "orgId", t.orgId(),
                "taskInstId", task.path("taskInstId").asLong()), null).data().path("log").asString();
    }

    private static long utc(String time) {
        return Instant.parse(time).toEpochMilli();
    }
}
