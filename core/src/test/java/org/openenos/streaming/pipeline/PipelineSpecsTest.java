package org.openenos.streaming.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.streaming.Aggregation;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.JobSpecs;
import org.openenos.streaming.PointRef;
import org.openenos.streaming.TemplateType;

/** Custom pipeline definitions: a typed DAG, and errors that name the stage and the field before release. */
class PipelineSpecsTest {
    private static final PointCatalog MODELS = modelId -> switch (modelId) {
        case "inv" -> Optional.of(Set.of("power", "voltage", "power_avg", "power_kw"));
        default -> Optional.empty();
    };

    static Map<String, Object> stage(String id, String operator, List<String> inputs, Map<String, Object> config) {
        var s = new HashMap<String, Object>();
        s.put("id", id);
        s.put("operator", operator);
        s.put("inputs", new ArrayList<>(inputs));
        s.put("config", new HashMap<>(config));
        return s;
    }

    /** selector → sliding 5-minute average every minute → kW → output. */
    static List<Map<String, Object>> slidingAverage() {
        return new ArrayList<>(List.of(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::power"))),
                stage("avg", "SlidingTimeWindowAggregator", List.of("sel"), Map.of("aggregation", "avg",
                        "windowMinutes", 5, "slideMinutes", 1, "outputPoint", "inv::power_avg")),
                stage("kw", "ExpressionEvaluator", List.of("avg"), Map.of("expression", "${inv::power_avg} / 1000",
                        "outputPoint", "inv::power_kw")),
                stage("out", "Output", List.of("kw"), Map.of())));
    }

    private static Pipeline parse(List<Map<String, Object>> stages) {
        return PipelineSpecs.parse(Map.of("stages", stages), MODELS);
    }

    private static void refused(Consumer<List<Map<String, Object>>> change, ErrorCode code, String message) {
        var stages = slidingAverage();
        change.accept(stages);
        assertThatThrownBy(() -> parse(stages)).isInstanceOf(OpenEnosException.class).hasMessage(message)
                .satisfies(e -> assertThat(((OpenEnosException) e).code()).isEqualTo(code));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(List<Map<String, Object>> stages, int i) {
        return (Map<String, Object>) stages.get(i).get("config");
    }

    @Test
    void aValidPipelineBecomesTypedStagesInDataFlowOrderWithItsInputsAndOutputs() {
        var stages = slidingAverage();
        java.util.Collections.reverse(stages);
        var spec = (JobSpec.Custom) JobSpecs.parse(TemplateType.Custom, Map.of("stages", stages));
        Pipeline pipeline = spec.pipeline();
        assertThat(pipeline.stages()).extracting(Stage::id).containsExactly("sel", "avg", "kw", "out");
        assertThat(pipeline.stage("avg").config()).isEqualTo(new StageConfig.Window(Aggregation.AVG, 300_000,
                60_000, 0, new PointRef("inv", "power_avg")));
        assertThat(spec.inputs()).containsExactly(new PointRef("inv", "power"));
        assertThat(spec.outputs()).containsExactly(new PointRef("inv", "power_kw"));
    }

    @Test
    void everyOperatorOfTheLibraryParsesWithItsConfig() {
        var stages = List.of(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::power", "inv::voltage"))),
                stage("late", "LatePointTagger", List.of("sel"), Map.of()),
                stage("range", "OffLimitTagger", List.of("late"), Map.of("min", 0, "max", 500, "interval", "[)")),
                stage("asset", "AssetLookup", List.of("range"), Map.of("attributes", List.of("capacity"))),
                stage("parent", "ParentAssetLookup", List.of("asset"), Map.of("treeId", "T", "levels", 2)),
                stage("children", "ChildAssetLookup", List.of("parent"), Map.of("treeId", "T")),
                stage("last", "LastRecordAppender", List.of("children"), Map.of()),
                stage("tick", "RecordGenerator", List.of("sel"), Map.of("frequencySeconds", 60,
                        "point", "inv::tick")),
                stage("merge", "LatestRecordMerger", List.of("last", "tick"), Map.of("points",
                        List.of("inv::power", "inv::voltage", "inv::tick"), "triggerPoints", List.of("inv::tick"),
                        "outputPoint", "inv::merged", "expiryMinutes", 10)),
                stage("calc", "ExpressionEvaluator", List.of("merge"), Map.of("expression",
                        "if ($attr{isOutlier}) { 0 } else { ${power} * ${voltage} / $attr{capacity} }",
                        "outputPoint", "inv::power_kw")),
                stage("win", "FixedTimeWindowAggregator", List.of("calc"), Map.of("aggregation", "max",
                        "windowMinutes", 10, "latencySeconds", 60, "outputPoint", "inv::power_avg")),
                stage("out", "Output", List.of("win"), Map.of()));
        Pipeline pipeline = parse(stages);
        assertThat(pipeline.stage("range").config()).isEqualTo(new StageConfig.OffLimitTagger(0.0, 500.0, true,
                false, false));
        assertThat(pipeline.stage("merge").config()).isEqualTo(new StageConfig.LatestRecordMerger(List.of(
                new PointRef("inv", "power"), new PointRef("inv", "voltage"), new PointRef("inv", "tick")),
                Set.of(new PointRef("inv", "tick")), new PointRef("inv", "merged"), 600_000));
        assertThat(pipeline.stage("tick").config()).isEqualTo(new StageConfig.RecordGenerator(60_000,
                new PointRef("inv", "tick"), Set.of()));
        assertThat(pipeline.outputs()).containsExactly(new PointRef("inv", "power_avg"));
    }

    @Test
    void anUnknownOperatorIsNamedWithItsStage() {
        refused(s -> s.get(1).put("operator", "Averager"), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[1] (avg).operator: 'Averager' is not one of " + Operator.names());
    }

    @Test
    void anInputThatIsNoStageIsNamed() {
        refused(s -> s.get(2).put("inputs", List.of("average")), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[2] (kw).inputs: no stage 'average' in this pipeline");
        refused(s -> s.get(2).put("inputs", List.of()), ErrorCode.STREAM_MISSING_PARAMETER,
                "stages[2] (kw).inputs: at least one input stage is required");
    }

    @Test
    void aCycleIsRefusedAndShown() {
        refused(s -> s.get(1).put("inputs", List.of("sel", "kw")), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[1] (avg).inputs: 'kw' closes a cycle avg → kw → avg");
    }

    @Test
    void aStageThatNeedsWhatItsInputsDoNotCarryIsATypeMismatch() {
        refused(s -> config(s, 2).put("expression", "${inv::power} / 1000"), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[2] (kw).config.expression: ${inv::power} does not reach this stage (its inputs carry"
                        + " inv::power_avg)");
        refused(s -> config(s, 2).put("expression", "${inv::power_avg} / $attr{capacity}"),
                ErrorCode.STREAM_INVALID_CONFIG, "stages[2] (kw).config.expression: $attr{capacity} is set by no"
                        + " stage before this one (an AssetLookup adds the asset's attributes)");
        refused(s -> config(s, 0).put("points", List.of("inv::power", "inv::voltage")),
                ErrorCode.STREAM_INVALID_CONFIG, "stages[1] (avg).config.outputPoint: the inputs carry 2 points"
                        + " (inv::power, inv::voltage); one output point needs exactly one input point");
        refused(s -> s.add(stage("more", "LastRecordAppender", List.of("out"), Map.of())),
                ErrorCode.STREAM_INVALID_CONFIG, "stages[4] (more).inputs: 'out' is an Output stage, which emits"
                        + " no records");
    }

    @Test
    void aMergerGroupsByTheAssetAnEarlierStageNamedAndOnlyByOneThatIsSet() {
        Map<String, Object> merge = Map.of("points", List.of("inv::power", "inv::voltage"),
                "outputPoint", "inv::merged", "groupBy", "tslParentLookup");
        var withoutLookup = List.of(
                stage("sel", "PointSelector", List.of(), Map.of("points", List.of("inv::power", "inv::voltage"))),
                stage("merge", "LatestRecordMerger", List.of("sel"), merge),
                stage("kw", "ExpressionEvaluator", List.of("merge"), Map.of("expression",
                        "${inv::power} * ${inv::voltage}", "outputPoint", "inv::power_kw")),
                stage("out", "Output", List.of("kw"), Map.of()));
        assertThatThrownBy(() -> parse(withoutLookup)).hasMessage("stages[1] (merge).config.groupBy: attr"
                + " 'tslParentLookup' is set by no stage before this one (a ParentAssetLookup sets tslParentLookup)");
        var withLookup = new ArrayList<>(withoutLookup);
        withLookup.add(1, stage("parent", "ParentAssetLookup", List.of("sel"), Map.of("treeId", "T")));
        withLookup.set(2, stage("merge", "LatestRecordMerger", List.of("parent"), merge));
        var config = (StageConfig.LatestRecordMerger) parse(withLookup).stage("merge").config();
        assertThat(config.groupBy()).isEqualTo("tslParentLookup");
    }

    @Test
    void pointsTheModelsDoNotHaveAreNamed() {
        refused(s -> config(s, 0).put("points", List.of("inv::powr")), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[0] (sel).config.points: inv::powr is not a measure point of model inv");
        refused(s -> config(s, 2).put("outputPoint", "inv::kw"), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[3] (out).inputs: inv::kw is not a measure point of model inv");
        refused(s -> config(s, 0).put("points", List.of("meter::power")), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[0] (sel).config.points: model 'meter' does not exist");
    }

    @Test
    void anExpressionSyntaxErrorGivesItsPosition() {
        refused(s -> config(s, 2).put("expression", "${inv::power_avg} / / 1000"), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[2] (kw).config.expression: unexpected '/' at position 20");
    }

    @Test
    void badFieldsOfAStageConfigAreNamed() {
        refused(s -> config(s, 1).put("slideMinutes", 2), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[1] (avg).config.slideMinutes: must be smaller than windowMinutes and divide it");
        refused(s -> config(s, 1).remove("aggregation"), ErrorCode.STREAM_MISSING_PARAMETER,
                "stages[1] (avg).config.aggregation: is required");
        refused(s -> config(s, 2).put("outputPoint", "power_kw"), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[2] (kw).config.outputPoint: 'power_kw' must be written model::point");
        refused(s -> s.get(3).put("id", "kw"), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[3].id: 'kw' is already the id of stages[2]");
    }

    @Test
    void aPipelineMustWriteSomethingAndNotItsOwnInput() {
        refused(s -> s.remove(3), ErrorCode.STREAM_INVALID_CONFIG,
                "stages: there is no Output stage, so the pipeline would write nothing");
        refused(s -> s.get(3).put("inputs", List.of("sel")), ErrorCode.STREAM_INVALID_CONFIG,
                "stages[3] (out).inputs: inv::power is both read and written by this pipeline (a loop)");
    }
}
