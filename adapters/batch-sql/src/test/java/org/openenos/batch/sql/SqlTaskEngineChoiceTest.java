package org.openenos.batch.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.QueryResult;
import org.openenos.batch.TaskContext;
import org.openenos.batch.TaskKind;
import org.openenos.batch.TaskSpec;

/** Which engine runs a SQL step: its {@code engine} setting, else the server's default; flink only when configured. */
class SqlTaskEngineChoiceTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private final List<String> ran = new ArrayList<>();
    private final OrgCatalog catalog = new OrgCatalog() {
        @Override
        public List<AssetRow> assets(String orgId) {
            return List.of();
        }

        @Override
        public List<String> measurePoints(String orgId, String modelId) {
            return List.of();
        }
    };

    private SqlTaskExecutor executor(boolean flinkConfigured, String defaultEngine) {
        SqlTaskExecutor.StepQueries calcite = (ctx, sql, limits) -> answer("calcite");
        SqlTaskExecutor.StepQueries flink = flinkConfigured ? (ctx, sql, limits) -> answer("flink") : null;
        return new SqlTaskExecutor(new SqlTaskExecutor.Engines(calcite, flink, defaultEngine), catalog,
                values -> CompletableFuture.completedFuture(null), null, UTC);
    }

    private QueryResult answer(String engine) {
        ran.add(engine);
        return new QueryResult(List.of("asset_id", "point_id", "ts", "value"), List.of(), List.of(), false, 0);
    }

    private static TaskSpec step(String engine) {
        Map<String, String> config = new HashMap<>(Map.of("sql", "SELECT asset_id FROM assets"));
        if (engine != null) {
            config.put("engine", engine);
        }
        return new TaskSpec("kpi", TaskKind.SQL, config, 60, 0, 0, 0);
    }

    private static TaskContext context(TaskSpec task) {
        return new TaskContext("org1", 1, 1, 1, task, LocalDate.parse("2026-05-01"), Instant.now(),
                Instant.now().plusSeconds(60), 1000, line -> { }, p -> { }, () -> false);
    }

    @Test
    void aStepNamingTheFlinkEngineRunsThereAndOneWithoutRunsOnTheServersDefault() throws Exception {
        SqlTaskExecutor sql = executor(true, "calcite");
        sql.execute(context(step("flink")));
        sql.execute(context(step(null)));
        sql.execute(context(step("Calcite")));
        SqlTaskExecutor flinkByDefault = executor(true, "flink");
        flinkByDefault.execute(context(step(null)));
        assertThat(ran).containsExactly("flink", "calcite", "calcite", "flink");
    }

    @Test
    void theFlinkEngineWithoutAClusterAndUnknownEnginesAreRefusedWhenTheWorkflowIsSaved() {
        assertThatThrownBy(() -> executor(false, "calcite").validate(step("flink")))
                .hasMessageContaining("no Flink cluster is configured");
        assertThatThrownBy(() -> executor(true, "calcite").validate(step("spark")))
                .hasMessageContaining("engine is calcite or flink, not spark");
        assertThatThrownBy(() -> executor(false, "flink"))
                .hasMessageContaining("openenos.batch.cluster.exchange-dir");
        executor(true, "calcite").validate(step("flink"));
    }
}
