package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openenos.streaming.StreamEngine;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

/** Calculated-point jobs on a real embedded Flink cluster. */
class PointMergeJobTest extends EmbeddedEngineTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void anyInputTriggersTheExpressionWithTheLastValueOfTheOthers() {
        StreamJob job = fx.job("o1", TemplateType.MultiPointMerge, Map.of("policies", List.of(Map.of(
                "modelId", "m", "outputPoint", "q", "expression", "${m::a} * 2 + ${m::b}", "trigger", "point"))));
        fx.start(job);
        fx.post("o1", "m", "x1", T0, "a", 3);                          // b unknown: nothing
        fx.post("o1", "m", "x1", T0 + 1_000, Map.of("a", 5.0, "b", 4.0)); // posted together: one evaluation, 14
        fx.post("o1", "m", "x1", T0 + 2_000, "b", 1);                  // a is still 5: 11
        fx.post("o1", "m", "x2", T0 + 2_000, "b", 1);                  // another asset: a unknown there
        fx.post("o2", "m", "x1", T0 + 3_000, "a", 1000);               // another organization: never read
        var want = new TreeMap<Long, List<Double>>();
        want.put(T0 + 1_000, List.of(14.0));
        want.put(T0 + 2_000, List.of(11.0));
        assertThat(fx.await("x1", "q", s -> s.size() >= 2)).isEqualTo(want);
        assertThat(fx.settle("x1", "q", Duration.ofSeconds(1))).isEqualTo(want);
        assertThat(fx.settle("x2", "q", Duration.ZERO)).isEmpty();
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aTriggerPointAloneTriggersAndConditionsChooseTheValue() {
        var policy = new LinkedHashMap<String, Object>();
        policy.put("modelId", "m");
        policy.put("outputPoint", "r");
        policy.put("expression", "${m::speed} > 50 and ${m::on} == 1");
        policy.put("trigger", "point");
        policy.put("triggerPoint", "m::speed");
        StreamJob job = fx.job("o1", TemplateType.MultiPointMerge, Map.of("policies", List.of(policy)));
        fx.start(job);
        fx.post("o1", "m", "y1", T0, "on", 1);          // not the trigger point
        fx.post("o1", "m", "y1", T0 + 1_000, "speed", 60);
        fx.post("o1", "m", "y1", T0 + 2_000, "on", 0);  // not the trigger point
        fx.post("o1", "m", "y1", T0 + 3_000, "speed", 70);
        var want = new TreeMap<Long, List<Double>>();
        want.put(T0 + 1_000, List.of(1.0));
        want.put(T0 + 3_000, List.of(0.0));
        assertThat(fx.await("y1", "r", s -> s.size() >= 2)).isEqualTo(want);
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aFixedFrequencyEvaluatesOnTheEngineClockWithTheLatestValues() {
        StreamJob job = fx.job("o1", TemplateType.MultiPointMerge, Map.of("policies", List.of(Map.of(
                "modelId", "m", "outputPoint", "s", "expression", "${m::a} + 1", "trigger", "frequency",
                "frequencySeconds", 1))));
        fx.start(job);
        fx.post("o1", "m", "z1", T0, "a", 41);
        var got = fx.await("z1", "s", series -> series.size() >= 2);
        assertThat(got).hasSizeGreaterThanOrEqualTo(2);
        got.forEach((time, values) -> {
            assertThat(time % 1000).isZero();
            assertThat(values).containsOnly(42.0);
        });
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void attributesOfTheAssetAreReadFromTheRegistryAndAnEditAppliesAfterTheRefreshPeriod() throws Exception {
        registry.attributes("o1", "w1", Map.of("ratedPower", 100));
        registry.attributes("o2", "w1", Map.of("ratedPower", 7));   // the same asset id in another organization
        StreamJob job = fx.job("o1", TemplateType.MultiPointMerge, Map.of("attributeRefreshSeconds", 1,
                "policies", List.of(Map.of("modelId", "m", "outputPoint", "q",
                        "expression", "${m::a} * $attr{ratedPower}", "trigger", "point"))));
        fx.start(job);
        fx.post("o1", "m", "w1", T0, "a", 2);
        fx.post("o1", "m", "w2", T0, "a", 2);          // no such attribute: the expression is unknown, nothing
        var want = new TreeMap<Long, List<Double>>();
        want.put(T0, List.of(200.0));
        assertThat(fx.await("w1", "q", s -> s.size() >= 1)).isEqualTo(want);
        registry.attributes("o1", "w1", Map.of("ratedPower", 50.5));
        Thread.sleep(1_100);                            // the held copy is now older than the refresh period
        fx.post("o1", "m", "w1", T0 + 1_000, "a", 3);
        want.put(T0 + 1_000, List.of(151.5));
        assertThat(fx.await("w1", "q", s -> s.size() >= 2)).isEqualTo(want);
        assertThat(fx.settle("w2", "q", Duration.ZERO)).isEmpty();
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void theLastValuesAreReadFromTheNewestCheckpointOfARunningOrPausedJobAPageAtATime() {
        StreamJob job = fx.job("o1", TemplateType.MultiPointMerge, Map.of("policies", List.of(Map.of(
                "modelId", "m", "outputPoint", "q", "expression", "${m::a} + ${m::b}"))));
        fx.start(job);
        try {
            fx.post("o1", "m", "v1", T0, Map.of("a", 1.0, "b", 2.0));
            fx.post("o1", "m", "v1", T0 + 1_000, "a", 5);
            fx.post("o1", "m", "v2", T0, "a", 7);
            fx.await("v1", "q", s -> s.size() >= 2);
            var v1 = List.of(new StreamEngine.StageValue("m", "v1", "a", T0 + 1_000, 5.0),
                    new StreamEngine.StageValue("m", "v1", "b", T0, 2.0));
            var v2 = new StreamEngine.StageValue("m", "v2", "a", T0, 7.0);
            StreamEngine.StagePage page = fx.awaitStage(job, "lastValues", Set.of("v1"), Set.of(), 0, 100,
                    p -> p.values().equals(v1));
            assertThat(page.values()).isEqualTo(v1);
            assertThat(page.checkpointId()).isPositive();
            assertThat(page.checkpointTime()).isBetween(System.currentTimeMillis() - 60_000,
                    System.currentTimeMillis());
            assertThat(page.nextOffset()).isNull();
            assertThat(fx.awaitStage(job, "lastValues", Set.of(), Set.of("a"), 0, 100, p -> p.values().size() == 2)
                    .values()).extracting(StreamEngine.StageValue::assetId).containsExactlyInAnyOrder("v1", "v2");

            StreamEngine.StagePage first = fx.stage(job, "lastValues", Set.of(), Set.of(), 0, 2);
            assertThat(first.values()).hasSize(2);
            assertThat(first.nextOffset()).isEqualTo(2);
            StreamEngine.StagePage rest = fx.stage(job, "lastValues", Set.of(), Set.of(), 2, 2);
            assertThat(rest.values()).hasSize(1);
            assertThat(rest.nextOffset()).isNull();
            var all = new java.util.ArrayList<>(first.values());
            all.addAll(rest.values());
            assertThat(all).containsExactlyInAnyOrder(v1.get(0), v1.get(1), v2);

            fx.engine.pause(job.pipelineId());
            assertThat(fx.stage(job, "lastValues", Set.of("v1"), Set.of(), 0, 100).values()).isEqualTo(v1);
        } finally {
            fx.engine.stop(job.pipelineId());
        }
        assertThat(fx.stage(job, "lastValues", Set.of(), Set.of(), 0, 100))
                .isEqualTo(new StreamEngine.StagePage(List.of(), null, null, null));
    }
}
