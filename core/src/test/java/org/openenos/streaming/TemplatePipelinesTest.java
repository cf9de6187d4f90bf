package org.openenos.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openenos.error.OpenEnosException;
import org.openenos.streaming.pipeline.Operator;
import org.openenos.streaming.pipeline.Pipeline;
import org.openenos.streaming.pipeline.PipelineSpecs;
import org.openenos.streaming.pipeline.Stage;
import org.openenos.streaming.pipeline.StageConfig;

/** Templates as the pipelines the platform builds for them (pure logic). */
class TemplatePipelinesTest {
    private static final Map<String, Object> WINDOW = Map.of("policies", List.of(Map.of("modelId", "m",
            "inputPoint", "p", "aggregation", "avg", "windowMinutes", 1, "outputPoint", "p_avg")));

    @Test
    void aTemplateIsASelectorOfItsInputsThenItsStatefulStepThenAnOutputOfWhatItWrites() {
        JobSpec spec = JobSpecs.parse(TemplateType.TimeWindowAggregation, WINDOW);
        Pipeline pipeline = TemplatePipelines.of(spec);
        assertThat(pipeline.stages()).extracting(Stage::id).containsExactly("input", "openWindows", "output");
        assertThat(pipeline.stages()).extracting(Stage::operator).containsExactly(Operator.PointSelector,
                Operator.FixedTimeWindowAggregator, Operator.Output);
        Stage step = pipeline.stage("openWindows");
        assertThat(step.config()).isEqualTo(new StageConfig.PlatformStep(spec));
        assertThat(step.operatorUid()).as("the uid the template's jobs had").isEqualTo("TimeWindowAggregation");
        assertThat(step.stateful()).isTrue();
        assertThat(pipeline.inputs()).isEqualTo(spec.inputs()).isEqualTo(Set.of(new PointRef("m", "p")));
        assertThat(pipeline.outputs()).isEqualTo(spec.outputs());
    }

    @Test
    void eachTemplatesStepIsNamedAsTheStageStateApiNamesItAndKeepsTheTemplatesUid() {
        Map<TemplateType, Map<String, Object>> configs = Map.of(
                TemplateType.MultiPointMerge, Map.of("policies", List.of(Map.of("modelId", "m",
                        "outputPoint", "q", "expression", "${m::a} * 2"))),
                TemplateType.ElectricEnergy, Map.of("policies", List.of(Map.of("modelId", "m", "inputPoint", "kwh",
                        "method", "meterReading", "outputPoint", "kwh_day", "timeZone", "UTC"))),
                TemplateType.TreeRollup, Map.of("policies", List.of(Map.of("treeId", "T", "modelId", "inv",
                        "inputPoint", "power", "aggregation", "sum", "scope", "children", "outputModelId", "site",
                        "outputPoint", "power_sum"))));
        configs.forEach((type, config) -> {
            Stage step = TemplatePipelines.of(JobSpecs.parse(type, config)).stages().get(1);
            assertThat(step.id()).isEqualTo(TemplateStages.of(type).orElseThrow());
            assertThat(step.operatorUid()).isEqualTo(type.name());
            assertThat(step.operator().platformOnly()).isTrue();
        });
        assertThat(TemplatePipelines.of(JobSpecs.parse(TemplateType.MultiPointMerge,
                configs.get(TemplateType.MultiPointMerge))).stages().get(1).operator())
                .isEqualTo(Operator.CalculatedPoints);
    }

    @Test
    void aUsersPipelineCannotNameAPlatformOperatorAndItsStagesKeepTheirOwnUids() {
        assertThatThrownBy(() -> PipelineSpecs.parse(Map.of("stages", List.of(
                Map.of("id", "sel", "operator", "PointSelector", "config", Map.of("points", List.of("m::p"))),
                Map.of("id", "e", "operator", "DailyEnergy", "inputs", List.of("sel"), "config", Map.of())))))
                .isInstanceOf(OpenEnosException.class)
                .hasMessageStartingWith("stages[1] (e).operator: 'DailyEnergy' is not one of [PointSelector,")
                .hasMessageNotContaining("CalculatedPoints");
        Pipeline custom = PipelineSpecs.parse(Map.of("stages", List.of(
                Map.of("id", "sel", "operator", "PointSelector", "config", Map.of("points", List.of("m::p"))),
                Map.of("id", "avg", "operator", "FixedTimeWindowAggregator", "inputs", List.of("sel"), "config",
                        Map.of("aggregation", "avg", "windowMinutes", 1, "outputPoint", "m::p_avg")),
                Map.of("id", "out", "operator", "Output", "inputs", List.of("avg")))));
        assertThat(TemplatePipelines.of(new JobSpec.Custom(custom))).isSameAs(custom);
        assertThat(custom.stage("avg").operatorUid()).isEqualTo("stage-avg");
    }
}
