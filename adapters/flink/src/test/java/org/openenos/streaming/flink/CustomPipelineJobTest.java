package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openenos.streaming.DryRun;
import org.openenos.streaming.StreamEngine.StageValue;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

/** Custom pipelines of operator stages on a real embedded Flink cluster, against values computed here. */
class CustomPipelineJobTest extends EmbeddedEngineTest {
    /** A multiple of two minutes, so the windows below start at known times. */
    private static final long B = 1_699_999_920_000L;
    private static final long S = 1_000;

    static Map<String, Object> stage(String id, String operator, List<String> inputs, Map<String, Object> config) {
        var s = new HashMap<String, Object>();
        s.put("id", id);
        s.put("operator", operator);
        s.put("inputs", inputs);
        s.put("config", config);
        return s;
    }

    @SafeVarargs
    private static StreamJob pipeline(Map<String, Object>... stages) {
        return pipeline(List.of(), stages);
    }

    @SafeVarargs
    private static StreamJob pipeline(List<Map<String, Object>> first, Map<String, Object>... then) {
        var stages = new ArrayList<>(first);
        stages.addAll(List.of(then));
        return fx.job("o1", TemplateType.Custom, Map.of("stages", stages));
    }

    /** Stages sel, merge and calc: calc writes inv::q = a * 2 + b with the last value of each of inv::a and inv::b. */
    private static List<Map<String, Object>> aMergedWithBIntoQ() {
        return List.of(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::a", "inv::b"))),
                stage("merge", "LatestRecordMerger", List.of("sel"), Map.of("points", List.of("inv::a", "inv::b"),
                        "outputPoint", "inv::ab")),
                stage("calc", "ExpressionEvaluator", List.of("merge"), Map.of("expression",
                        "${inv::a} * 2 + ${inv::b}", "outputPoint", "inv::q")));
    }

    @Test
    void aSlidingAverageThroughAnExpressionWritesExactValuesAtEachWindowStart() {
        StreamJob job = pipeline(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::p"))),
                stage("avg", "SlidingTimeWindowAggregator", List.of("sel"), Map.of("aggregation", "avg",
                        "windowMinutes", 2, "slideMinutes", 1, "outputPoint", "inv::p_avg")),
                stage("x10", "ExpressionEvaluator", List.of("avg"), Map.of("expression", "${inv::p_avg} * 10",
                        "outputPoint", "inv::p10")),
                stage("out", "Output", List.of("x10"), Map.of()));
        fx.start(job);
        fx.post("o1", "inv", "a1", B + 10 * S, "p", 10);
        fx.post("o1", "inv", "a1", B + 70 * S, "p", 20);
        fx.post("o2", "inv", "a1", B + 80 * S, "p", 1000);   // another organization: never read
        fx.post("o1", "inv", "a1", B + 130 * S, "p", 30);
        fx.post("o1", "inv", "a1", B + 190 * S, "p", 40);
        fx.post("o1", "inv", "a1", B + 250 * S, "p", 50);    // moves the asset's time past B + 240 s
        var want = new TreeMap<Long, List<Double>>();
        want.put(B - 60 * S, List.of(100.0));                // [B-60s, B+60s): 10
        want.put(B, List.of(150.0));                         // [B, B+120s): 10, 20
        want.put(B + 60 * S, List.of(250.0));                // [B+60s, B+180s): 20, 30
        want.put(B + 120 * S, List.of(350.0));               // [B+120s, B+240s): 30, 40
        assertThat(fx.await("a1", "p10", s -> s.size() >= 4)).isEqualTo(want);
        assertThat(fx.settle("a1", "p10", Duration.ofMillis(1500))).isEqualTo(want);
        assertThat(fx.settle("a1", "p_avg", Duration.ZERO)).as("only Output stages write").isEmpty();
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aLatestRecordMergerLetsAnExpressionReadTwoPointsWithTheLastValueOfEach() {
        StreamJob job = pipeline(aMergedWithBIntoQ(), stage("out", "Output", List.of("calc"), Map.of()));
        fx.start(job);
        fx.post("o1", "inv", "m1", B, "a", 3);            // b unknown: nothing
        fx.post("o1", "inv", "m1", B + S, "b", 4);        // 3 * 2 + 4
        fx.post("o1", "inv", "m1", B + 2 * S, "a", 5);    // 5 * 2 + 4
        fx.post("o1", "inv", "m2", B + 2 * S, "b", 1);    // another asset: its a is unknown
        fx.post("o1", "inv", "m1", B + 3 * S, "b", 1);    // 5 * 2 + 1
        var want = new TreeMap<Long, List<Double>>();
        want.put(B + S, List.of(10.0));
        want.put(B + 2 * S, List.of(14.0));
        want.put(B + 3 * S, List.of(11.0));
        assertThat(fx.await("m1", "q", s -> s.size() >= 3)).isEqualTo(want);
        assertThat(fx.settle("m2", "q", Duration.ofMillis(500))).isEmpty();
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void taggersAndAnAssetLookupFeedAnExpressionThatSetsOutliersAndLateValuesAside() {
        registry.attributes("o1", "t1", Map.of("rated", 200));
        StreamJob job = pipeline(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::p"))),
                stage("late", "LatePointTagger", List.of("sel"), Map.of()),
                stage("range", "OffLimitTagger", List.of("late"), Map.of("min", 0, "max", 100)),
                stage("asset", "AssetLookup", List.of("range"), Map.of("attributes", List.of("rated"))),
                stage("pct", "ExpressionEvaluator", List.of("asset"), Map.of("expression",
                        "if ($attr{isOutlier} or $attr{isLate}) { -1 } else { ${inv::p} * 100 / $attr{rated} }",
                        "outputPoint", "inv::pct")),
                stage("out", "Output", List.of("pct"), Map.of()));
        fx.start(job);
        fx.post("o1", "inv", "t1", B, "p", 50);           // 25 %
        fx.post("o1", "inv", "t1", B + 2 * S, "p", 150);  // above the range
        fx.post("o1", "inv", "t1", B + S, "p", 10);       // older than the newest: late
        var want = new TreeMap<Long, List<Double>>();
        want.put(B, List.of(25.0));
        want.put(B + S, List.of(-1.0));
        want.put(B + 2 * S, List.of(-1.0));
        assertThat(fx.await("t1", "pct", s -> s.size() >= 3)).isEqualTo(want);
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aRecordGeneratorTriggersAMergerOnTheEngineClock() {
        StreamJob job = pipeline(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::a"))),
                stage("tick", "RecordGenerator", List.of("sel"), Map.of("frequencySeconds", 1,
                        "point", "inv::tick")),
                stage("merge", "LatestRecordMerger", List.of("sel", "tick"), Map.of("points",
                        List.of("inv::a", "inv::tick"), "triggerPoints", List.of("inv::tick"),
                        "outputPoint", "inv::ticked")),
                stage("calc", "ExpressionEvaluator", List.of("merge"), Map.of("expression", "${inv::a} + 1",
                        "outputPoint", "inv::s")),
                stage("out", "Output", List.of("calc"), Map.of()));
        fx.start(job);
        fx.post("o1", "inv", "g1", B, "a", 41);
        var got = fx.await("g1", "s", series -> series.size() >= 2);
        assertThat(got).hasSizeGreaterThanOrEqualTo(2);
        got.forEach((time, values) -> {
            assertThat(time % 1000).as("on the tick").isZero();
            assertThat(values).containsOnly(42.0);
        });
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aMergerGroupedByTheParentAssetMergesPointsOfSiblingsIntoARecordOfTheParent() {
        registry.putNode("o1", "G", "site1", null, "site");
        registry.putNode("o1", "G", "meter1", "site1", "meter");
        registry.putNode("o1", "G", "sun1", "site1", "weather");
        StreamJob job = pipeline(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("meter::kw", "weather::irr"))),
                stage("parent", "ParentAssetLookup", List.of("sel"), Map.of("treeId", "G")),
                stage("merge", "LatestRecordMerger", List.of("parent"), Map.of("points",
                        List.of("meter::kw", "weather::irr"), "outputPoint", "site::merged",
                        "groupBy", "tslParentLookup")),
                stage("ratio", "ExpressionEvaluator", List.of("merge"), Map.of("expression",
                        "${meter::kw} / ${weather::irr}", "outputPoint", "site::ratio")),
                stage("out", "Output", List.of("ratio"), Map.of()));
        fx.start(job);
        try {
            // the two assets' values may come from different log partitions: each waits for the one before
            fx.post("o1", "meter", "meter1", B + S, "kw", 50);
            assertThat(fx.awaitStage(job, "merge", Set.of(), Set.of(), 0, 10, p -> !p.values().isEmpty()).values())
                    .as("held for the group's asset").containsExactly(new StageValue("meter", "site1", "kw", B + S,
                            50));
            fx.post("o1", "weather", "sun1", B + 2 * S, "irr", 100);
            fx.await("site1", "ratio", s -> s.containsKey(B + 2 * S));
            fx.post("o1", "meter", "meter1", B + 3 * S, "kw", 80);
            var want = new TreeMap<Long, List<Double>>();
            want.put(B + 2 * S, List.of(0.5));
            want.put(B + 3 * S, List.of(0.8));
            assertThat(fx.await("site1", "ratio", s -> s.size() >= 2)).isEqualTo(want);
            assertThat(fx.settle("meter1", "ratio", Duration.ZERO)).as("written for the parent only").isEmpty();
        } finally {
            fx.engine.stop(job.pipelineId());
        }
    }

    @Test
    void aPausedPipelineResumesWithTheStateOfItsStagesAndReadsWhatArrivedMeanwhile() {
        StreamJob job = pipeline(aMergedWithBIntoQ(),
                stage("onlyA", "PointSelector", List.of(), Map.of("points", List.of("inv::a"))),
                stage("sum", "FixedTimeWindowAggregator", List.of("onlyA"), Map.of("aggregation", "sum",
                        "windowMinutes", 1, "outputPoint", "inv::a_sum")),
                stage("out", "Output", List.of("calc", "sum"), Map.of()));
        fx.start(job);
        fx.post("o1", "inv", "r1", B, "a", 3);
        fx.post("o1", "inv", "r1", B + S, "b", 4);        // 3 * 2 + 4
        fx.post("o1", "inv", "r1", B + 2 * S, "a", 2);    // 2 * 2 + 4
        fx.await("r1", "q", s -> s.size() >= 2);
        fx.engine.pause(job.pipelineId());
        fx.post("o1", "inv", "r1", B + 3 * S, "b", 1);    // while paused: 2 * 2 + 1 with a from the restored merger
        fx.resume(job);
        fx.post("o1", "inv", "r1", B + 61 * S, "a", 1);   // 1 * 2 + 1; closes the window, whose sum was restored
        var want = new TreeMap<Long, List<Double>>();
        want.put(B + S, List.of(10.0));
        want.put(B + 2 * S, List.of(8.0));
        want.put(B + 3 * S, List.of(5.0));
        want.put(B + 61 * S, List.of(3.0));
        assertThat(fx.await("r1", "q", s -> s.size() >= 4)).isEqualTo(want);
        var sum = new TreeMap<Long, List<Double>>();
        sum.put(B, List.of(5.0));                          // the window's a values: 3 + 2
        assertThat(fx.await("r1", "a_sum", s -> !s.isEmpty())).isEqualTo(sum);
        fx.engine.stop(job.pipelineId());
    }

    @Test
    void aDryRunOfAPipelineOverStoredHistoryGivesTheCompleteWindowsAndWritesNothing() {
        var stored = List.of(new DryRun.Sample("d1", "inv", "p", B, 1), new DryRun.Sample("d1", "inv", "p", B + 30 * S, 3),
                new DryRun.Sample("d1", "inv", "p", B + 60 * S, 10), new DryRun.Sample("d1", "inv", "p", B + 90 * S, 20),
                new DryRun.Sample("d1", "inv", "p", B + 120 * S, 100));
        DryRun.History history = new DryRun.History() {
            @Override
            public Optional<String> modelOf(String orgId, String assetId) {
                return orgId.equals("o1") && assetId.equals("d1") ? Optional.of("inv") : Optional.empty();
            }

            @Override
            public List<DryRun.Sample> read(String orgId, String assetId, String modelId, String pointId, long from,
                                            long to, int limit) {
                return stored.stream().filter(v -> v.pointId().equals(pointId) && v.time() >= from && v.time() < to)
                        .limit(limit).toList();
            }
        };
        Map<String, Object> config = Map.of("stages", List.of(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::p"))),
                stage("avg", "FixedTimeWindowAggregator", List.of("sel"), Map.of("aggregation", "avg",
                        "windowMinutes", 1, "outputPoint", "inv::p_avg")),
                stage("x2", "ExpressionEvaluator", List.of("avg"), Map.of("expression", "${inv::p_avg} * 2",
                        "outputPoint", "inv::p2")),
                stage("out", "Output", List.of("x2"), Map.of())));
        var result = new DryRun(history, new FlinkDryRunner(fx.engine), DryRun.Limits.DEFAULTS).run("o1",
                TemplateType.Custom, config, new DryRun.Request(List.of("d1"), B, B + 150 * S));
        assertThat(result.outputs()).hasSize(1);
        assertThat(result.outputs().getFirst().values()).containsExactly(      // the window from B + 120 s is open
                new DryRun.Sample("d1", "inv", "p2", B, 4), new DryRun.Sample("d1", "inv", "p2", B + 60 * S, 30));
        assertThat(fx.settle("d1", "p2", Duration.ZERO)).isEmpty();
    }
}
