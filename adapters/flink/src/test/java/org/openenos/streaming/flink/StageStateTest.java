package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openenos.streaming.JobSpecs;
import org.openenos.streaming.StreamEngine.StagePage;
import org.openenos.streaming.StreamEngine.StageValue;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

/**
 * The stage state of every template, read from the checkpoints of real embedded Flink jobs, and deleted from a
 * paused job so that the stage restarts fresh while the read offsets are kept.
 */
class StageStateTest extends EmbeddedEngineTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long T0 = 1_700_000_040_000L / HOUR * HOUR;

    private static StreamJob windowJob() {
        return fx.job("o1", TemplateType.TimeWindowAggregation, Map.of("latencySeconds", 0, "policies", List.of(
                Map.of("modelId", "m1", "inputPoint", "p", "aggregation", "avg", "windowMinutes", 1,
                        "outputPoint", "p_avg"))));
    }

    @Test
    void openWindowsShowTheirPartialAggregateAndDeletingThemFromAPausedJobRestartsTheStageFresh() {
        StreamJob job = windowJob();
        fx.start(job);
        try {
            fx.post("o1", "m1", "w1", T0 + 1_000, "p", 10);
            fx.post("o1", "m1", "w1", T0 + 2_000, "p", 20);
            fx.post("o1", "m1", "w2", T0 + 1_000, "q", 99);      // not an input: no window
            StagePage page = fx.awaitStage(job, "openWindows", Set.of(), Set.of(), 0, 100,
                    p -> p.values().size() == 1 && p.values().getFirst().attr().get("count").equals(2L));
            StageValue open = page.values().getFirst();
            assertThat(open).isEqualTo(new StageValue("m1", "w1", "p", T0, 15.0, Map.of("windowStart", T0,
                    "windowEnd", T0 + MINUTE, "aggregation", "avg", "outputPoint", "p_avg", "count", 2L,
                    "emitted", false)));
            assertThat(fx.stage(job, "openWindows", Set.of(), Set.of("p_avg"), 0, 100).values()).hasSize(1);
            assertThat(fx.stage(job, "openWindows", Set.of("w2"), Set.of(), 0, 100).values()).isEmpty();
            assertThatThrownBy(() -> fx.engine.deleteStageState(job, spec(job), "openWindows"))
                    .hasMessageContaining("pause it first");

            fx.engine.pause(job.pipelineId());
            fx.post("o1", "m1", "w1", T0 + 3_000, "p", 40);      // while paused: read after the restart
            fx.engine.deleteStageState(job, spec(job), "openWindows");
            StagePage cleared = fx.stage(job, "openWindows", Set.of(), Set.of(), 0, 100);
            assertThat(cleared.values()).isEmpty();
            assertThat(cleared.checkpointId()).isGreaterThanOrEqualTo(page.checkpointId());

            fx.resume(job);
            fx.post("o1", "m1", "w1", T0 + 4_000, "p", 30);
            fx.post("o1", "m1", "w1", T0 + 2 * MINUTE, "p", 0);   // closes the window
            // 10 and 20 were cleared with the stage and not read again; 40 came after the checkpoint: (40 + 30) / 2
            assertThat(fx.await("w1", "p_avg", s -> s.containsKey(T0)).get(T0)).containsExactly(35.0);
        } finally {
            fx.engine.stop(job.pipelineId());
        }
    }

    @Test
    void theEnergyOfTheCurrentDayIsHeldPerAssetAndPolicy() {
        StreamJob job = fx.job("o1", TemplateType.ElectricEnergy, Map.of("policies", List.of(Map.of(
                "modelId", "meter", "inputPoint", "kwh", "method", "meterReading", "outputPoint", "kwh_day",
                "timeZone", "UTC"))));
        fx.start(job);
        try {
            long day = T0 / (24 * HOUR) * (24 * HOUR);
            fx.post("o1", "meter", "e1", day + HOUR, "kwh", 100);
            fx.post("o1", "meter", "e1", day + 3 * HOUR, "kwh", 112.5);
            StagePage page = fx.awaitStage(job, "energyDays", Set.of("e1"), Set.of("kwh_day"), 0, 100,
                    p -> p.values().size() == 1 && p.values().getFirst().value() == 12.5);
            assertThat(page.values()).containsExactly(new StageValue("meter", "e1", "kwh", day, 12.5, Map.of(
                    "dayStart", day, "dayEnd", day + 24 * HOUR, "outputPoint", "kwh_day", "emitted", false)));
        } finally {
            fx.engine.stop(job.pipelineId());
        }
    }

    @Test
    void aRollUpHoldsTheLatestValueOfEachChildInputPerTree() {
        registry.putNode("o1", "T", "S", null, "site");
        registry.putNode("o1", "T", "I1", "S", "inv");
        registry.putNode("o1", "T", "I2", "S", "inv");
        StreamJob job = fx.job("o1", TemplateType.TreeRollup, Map.of("treeRefreshSeconds", 1, "policies", List.of(
                Map.of("treeId", "T", "modelId", "inv", "inputPoint", "power", "aggregation", "sum",
                        "scope", "children", "outputModelId", "site", "outputPoint", "power_sum"))));
        fx.start(job);
        try {
            long now = System.currentTimeMillis();
            fx.post("o1", "inv", "I1", now, "power", 10);
            fx.post("o1", "inv", "I2", now, "power", 20);
            fx.post("o1", "inv", "I1", now + 1, "power", 11);
            fx.await("S", "power_sum", s -> s.values().stream().anyMatch(v -> v.contains(31.0)));
            StagePage page = fx.awaitStage(job, "heldInputs", Set.of(), Set.of(), 0, 100,
                    p -> p.values().size() == 2 && p.values().getFirst().value() == 11);
            assertThat(page.values()).containsExactly(
                    new StageValue("inv", "I1", "power", now + 1, 11, Map.of("treeId", "T")),
                    new StageValue("inv", "I2", "power", now, 20, Map.of("treeId", "T")));
            assertThat(fx.stage(job, "heldInputs", Set.of("I2"), Set.of(), 0, 100).values()).hasSize(1);
        } finally {
            fx.engine.stop(job.pipelineId());
        }
    }

    @Test
    void aStageTheTemplateDoesNotHaveIsRefused() {
        StreamJob job = windowJob();
        assertThatThrownBy(() -> fx.stage(job, "lastValues", Set.of(), Set.of(), 0, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(fx.settle("none", "none", Duration.ZERO)).isEmpty();
    }

    private static org.openenos.streaming.JobSpec spec(StreamJob job) {
        return JobSpecs.parse(job.templateType(), job.releasedConfig());
    }
}
