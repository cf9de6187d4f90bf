package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openenos.streaming.flink.CustomPipelineJobTest.stage;

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
 * The state of a custom pipeline's stateful stages, by stage id, read from the checkpoints of a real embedded job:
 * a fixed window, a sliding window (one operator per slide step), a latest record merger and a last record appender;
 * and one stage's state deleted from the paused job while the others keep theirs.
 */
class PipelineStageStateTest extends EmbeddedEngineTest {
    /** A multiple of two minutes, so the windows below start at known times. */
    private static final long B = 1_699_999_920_000L;
    private static final long S = 1_000;

    private static StreamJob job() {
        return fx.job("o1", TemplateType.Custom, Map.of("stages", List.of(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::a", "inv::b"))),
                stage("prev", "LastRecordAppender", List.of("sel"), Map.of()),
                stage("merge", "LatestRecordMerger", List.of("prev"), Map.of("points", List.of("inv::a", "inv::b"),
                        "outputPoint", "inv::ab")),
                stage("calc", "ExpressionEvaluator", List.of("merge"), Map.of("expression",
                        "${inv::a} * 2 + ${inv::b}", "outputPoint", "inv::q")),
                stage("selA", "PointSelector", List.of(), Map.of("points", List.of("inv::a"))),
                stage("win", "FixedTimeWindowAggregator", List.of("selA"), Map.of("aggregation", "avg",
                        "windowMinutes", 1, "outputPoint", "inv::a_avg")),
                stage("slide", "SlidingTimeWindowAggregator", List.of("selA"), Map.of("aggregation", "sum",
                        "windowMinutes", 2, "slideMinutes", 1, "outputPoint", "inv::a_sum")),
                stage("out", "Output", List.of("calc", "win", "slide"), Map.of()))));
    }

    @Test
    void eachStatefulStageShowsWhatItHoldsByItsIdAndOneStageIsDeletedFromThePausedJobAlone() {
        StreamJob job = job();
        fx.start(job);
        try {
            fx.post("o1", "inv", "p1", B + 5 * S, Map.of("a", 10, "b", 1));
            fx.post("o1", "inv", "p1", B + 20 * S, "a", 20);
            assertThat(fx.await("p1", "q", s -> s.containsKey(B + 20 * S)).get(B + 20 * S)).containsExactly(41.0);

            StagePage windows = fx.awaitStage(job, "win", Set.of(), Set.of(), 0, 100,
                    p -> p.values().size() == 1 && p.values().getFirst().attr().get("count").equals(2L));
            assertThat(windows.checkpointId()).isNotNull();
            assertThat(windows.values()).containsExactly(new StageValue("inv", "p1", "a", B, 15.0, Map.of(
                    "windowStart", B, "windowEnd", B + 60 * S, "aggregation", "avg", "outputPoint", "a_avg",
                    "count", 2L, "emitted", false)));

            StagePage sliding = fx.awaitStage(job, "slide", Set.of(), Set.of(), 0, 100,
                    p -> p.values().size() == 2 && p.values().stream().allMatch(v -> v.value() == 30));
            assertThat(sliding.values()).extracting(v -> v.attr().get("windowStart"))
                    .containsExactlyInAnyOrder(B, B - 60 * S);
            StagePage second = fx.stage(job, "slide", Set.of(), Set.of(), 1, 1);
            assertThat(second.values()).hasSize(1);
            assertThat(second.values().getFirst()).isIn(sliding.values());
            assertThat(fx.stage(job, "slide", Set.of(), Set.of(), 0, 1).nextOffset()).isEqualTo(1);

            assertThat(fx.awaitStage(job, "merge", Set.of(), Set.of(), 0, 100, p -> p.values().size() == 2)
                    .values()).containsExactlyInAnyOrder(
                    new StageValue("inv", "p1", "a", B + 20 * S, 20),
                    new StageValue("inv", "p1", "b", B + 5 * S, 1));
            assertThat(fx.stage(job, "prev", Set.of("p1"), Set.of("b"), 0, 100).values())
                    .containsExactly(new StageValue("inv", "p1", "b", B + 5 * S, 1));
            assertThat(fx.stage(job, "prev", Set.of("other"), Set.of(), 0, 100).values()).isEmpty();

            assertThatThrownBy(() -> fx.stage(job, "calc", Set.of(), Set.of(), 0, 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calc");

            fx.engine.pause(job.pipelineId());
            fx.engine.deleteStageState(job, JobSpecs.parse(job.templateType(), job.releasedConfig()), "merge");
            assertThat(fx.stage(job, "merge", Set.of(), Set.of(), 0, 100).values()).isEmpty();
            assertThat(fx.stage(job, "win", Set.of(), Set.of(), 0, 100).values()).hasSize(1);

            fx.resume(job);
            fx.post("o1", "inv", "p1", B + 30 * S, "b", 3);     // the merger forgot a: q needs both, so none yet
            fx.post("o1", "inv", "p1", B + 40 * S, "a", 5);     // 5 * 2 + 3
            assertThat(fx.await("p1", "q", s -> s.containsKey(B + 40 * S)).get(B + 40 * S)).containsExactly(13.0);
            assertThat(fx.settle("p1", "q", java.time.Duration.ZERO)).doesNotContainKey(B + 30 * S);
        } finally {
            fx.engine.stop(job.pipelineId());
        }
    }
}
