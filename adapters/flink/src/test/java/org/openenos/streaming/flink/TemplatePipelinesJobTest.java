package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openenos.streaming.flink.CustomPipelineJobTest.stage;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.state.api.OperatorIdentifier;
import org.junit.jupiter.api.Test;
import org.openenos.streaming.JobSpecs;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplateType;

/**
 * Templates run through the pipeline translator: a template job and the same job written by hand as a custom
 * pipeline write the same values, and each template's stateful operator keeps the uid its jobs had before, so that
 * their checkpoints and savepoints restore.
 */
class TemplatePipelinesJobTest extends EmbeddedEngineTest {
    private static final long MINUTE = 60_000;
    private static final long B = 1_700_000_040_000L / MINUTE * MINUTE;

    @Test
    void aWindowTemplateAndTheSameWindowWrittenAsACustomPipelineWriteIdenticalValues() {
        StreamJob template = fx.job("o1", TemplateType.TimeWindowAggregation, Map.of("latencySeconds", 120,
                "policies", List.of(Map.of("modelId", "inv", "inputPoint", "p", "aggregation", "avg",
                        "windowMinutes", 1, "outputPoint", "p_avg"))));
        StreamJob custom = fx.job("o1", TemplateType.Custom, Map.of("stages", List.of(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::p"))),
                stage("avg", "FixedTimeWindowAggregator", List.of("sel"), Map.of("aggregation", "avg",
                        "windowMinutes", 1, "latencySeconds", 120, "outputPoint", "inv::p_avg2")),
                stage("out", "Output", List.of("avg"), Map.of()))));
        fx.start(template);
        fx.start(custom);
        try {
            fx.post("o1", "inv", "a1", B + 5_000, Map.of("p", 10, "q", 1));
            fx.post("o1", "inv", "a1", B + 20_000, "p", 20);
            fx.post("o1", "inv", "a1", B + 20_000, "p", 20);            // the same value again: counted once
            fx.post("o1", "inv", "a2", B + 30_000, "p", 7);
            fx.post("o1", "inv", "a1", B + 70_000, "p", 40);            // closes a1's first window
            fx.post("o1", "inv", "a2", B + 130_000, "p", 9);            // closes a2's first two
            fx.post("o2", "inv", "a1", B + 10_000, "p", 1000);          // another organization: never read
            fx.await("a1", "p_avg2", s -> s.containsKey(B));
            fx.await("a1", "p_avg", s -> s.containsKey(B));
            fx.post("o1", "inv", "a1", B + 40_000, "p", 60);            // late, within the lateness: re-emitted
            fx.post("o1", "inv", "a1", B + 130_000, "p", 0);            // closes a1's second window
            var want = Map.of(B, List.of(15.0, 30.0), B + MINUTE, List.of(40.0));
            for (String asset : List.of("a1", "a2")) {
                var fromTemplate = fx.await(asset, "p_avg", s -> s.size() >= (asset.equals("a1") ? 2 : 1)
                        && (!asset.equals("a1") || s.get(B).size() == 2));
                var fromPipeline = fx.await(asset, "p_avg2", s -> s.equals(fromTemplate));
                assertThat(fromPipeline).as(asset).isEqualTo(fromTemplate);
            }
            assertThat(fx.settle("a1", "p_avg", Duration.ofMillis(1500))).isEqualTo(want);
            assertThat(fx.settle("a1", "p_avg2", Duration.ZERO)).isEqualTo(want);
            assertThat(fx.settle("a2", "p_avg2", Duration.ZERO)).isEqualTo(fx.settle("a2", "p_avg", Duration.ZERO))
                    .isEqualTo(Map.of(B, List.of(7.0)));
        } finally {
            fx.engine.stop(template.pipelineId());
            fx.engine.stop(custom.pipelineId());
        }
    }

    @Test
    void everyTemplatesStatefulOperatorKeepsTheUidOfItsJobsBeforeTemplatesWerePipelines() {
        Map<TemplateType, Map<String, Object>> configs = Map.of(
                TemplateType.TimeWindowAggregation, Map.of("policies", List.of(Map.of("modelId", "m",
                        "inputPoint", "p", "aggregation", "sum", "windowMinutes", 1, "outputPoint", "p_sum"))),
                TemplateType.MultiPointMerge, Map.of("policies", List.of(Map.of("modelId", "m",
                        "outputPoint", "q", "expression", "${m::a} * 2"))),
                TemplateType.ElectricEnergy, Map.of("policies", List.of(Map.of("modelId", "m", "inputPoint", "kwh",
                        "method", "meterReading", "outputPoint", "kwh_day", "timeZone", "UTC"))),
                TemplateType.TreeRollup, Map.of("policies", List.of(Map.of("treeId", "T", "modelId", "inv",
                        "inputPoint", "power", "aggregation", "sum", "scope", "children", "outputModelId", "site",
                        "outputPoint", "power_sum"))));
        configs.forEach((type, config) -> {
            StreamJob job = fx.job("o1", type, config);
            var graph = JobGraphs.build("test", job, JobSpecs.parse(type, config), Map.of(), new Configuration(), 2,
                    null);
            var ids = new HashSet<OperatorID>();
            for (JobVertex v : graph.getVertices()) {
                v.getOperatorIDs().stream().map(OperatorIDPair::getGeneratedOperatorID).forEach(ids::add);
            }
            for (String uid : Set.of("source", type.name(), "sink")) {
                assertThat(ids).as(type + " has an operator with uid " + uid)
                        .contains(OperatorIdentifier.forUid(uid).getOperatorId());
            }
        });
    }
}
