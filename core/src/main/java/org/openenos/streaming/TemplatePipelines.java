package org.openenos.streaming;

import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.openenos.streaming.pipeline.Operator;
import org.openenos.streaming.pipeline.Pipeline;
import org.openenos.streaming.pipeline.Stage;
import org.openenos.streaming.pipeline.StageConfig;

/**
 * Templates are pipelines the platform builds: each template's validated policy table becomes
 * {@code input (PointSelector) → <the template's stateful stage> → output (Output)}, run by the one pipeline
 * translator like any custom pipeline. The stateful stage is the template's own operator with its whole policy table
 * ({@link StageConfig.PlatformStep}): the window template's is the fixed-window aggregator, the others are platform
 * operators ({@link Operator#platformOnly()}). Its id is the stage name the stage-state API has always taken for the
 * template ({@link TemplateStages}) and its operator uid the template's name, the uid its jobs had before, so a
 * released or paused job's checkpoints and savepoints restore unchanged (ADR 0076).
 */
public final class TemplatePipelines {
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private TemplatePipelines() {
    }

    /** The pipeline a job runs: a custom pipeline as the user wrote it, a template as the platform builds it. */
    public static Pipeline of(JobSpec spec) {
        if (spec instanceof JobSpec.Custom custom) {
            return custom.pipeline();
        }
        TemplateType type = typeOf(spec);
        String stageId = TemplateStages.of(type).orElseThrow();
        Operator operator = switch (spec) {
            case JobSpec.WindowAggregation w -> Operator.FixedTimeWindowAggregator;
            case JobSpec.PointMerge m -> Operator.CalculatedPoints;
            case JobSpec.DailyEnergy e -> Operator.DailyEnergy;
            case JobSpec.TreeRollup r -> Operator.TreeRollup;
            case JobSpec.Custom c -> throw new IllegalStateException();
        };
        var stages = List.of(
                new Stage(INPUT, Operator.PointSelector, List.of(), new StageConfig.PointSelector(spec.inputs())),
                new Stage(stageId, operator, List.of(INPUT), new StageConfig.PlatformStep(spec), type.name()),
                new Stage(OUTPUT, Operator.Output, List.of(stageId), new StageConfig.Output()));
        var points = new HashMap<String, Set<PointRef>>();
        points.put(INPUT, spec.inputs());
        points.put(stageId, spec.outputs());
        points.put(OUTPUT, spec.outputs());
        return new Pipeline(stages, points);
    }

    /** The template a spec was parsed from. */
    public static TemplateType typeOf(JobSpec spec) {
        return switch (spec) {
            case JobSpec.WindowAggregation w -> TemplateType.TimeWindowAggregation;
            case JobSpec.PointMerge m -> TemplateType.MultiPointMerge;
            case JobSpec.DailyEnergy e -> TemplateType.ElectricEnergy;
            case JobSpec.TreeRollup r -> TemplateType.TreeRollup;
            case JobSpec.Custom c -> TemplateType.Custom;
        };
    }
}
