package org.openenos.streaming.pipeline;

import java.util.LinkedHashSet;
import java.util.Set;
import org.openenos.alerting.expression.Expression;
import org.openenos.streaming.PointRef;

/**
 * The type rules of the operators: from the shape of a stage's input, the shape of its output, or a type mismatch
 * that names the stage and the field whose need the input does not meet.
 */
final class StageShapes {
    private StageShapes() {
    }

    static StreamShape out(Stage stage, StreamShape in, String at) {
        return switch (stage.config()) {
            case StageConfig.PointSelector sel -> new StreamShape(sel.points(), Set.of(), Set.of());
            case StageConfig.AssetLookup lookup -> lookup.attributes().isEmpty()
                    ? in.withAttributes(RecordAttributes.ALL_ASSET_ATTRIBUTES)
                    : in.withAttributes(lookup.attributes().stream().map(a -> RecordAttributes.ASSET_PREFIX + a)
                    .toArray(String[]::new));
            case StageConfig.ParentAssetLookup p -> in.withAttributes(RecordAttributes.PARENT);
            case StageConfig.ChildAssetLookup c -> in.withAttributes(RecordAttributes.CHILDREN);
            case StageConfig.Window w -> window(w, in, at);
            case StageConfig.LatestRecordMerger m -> {
                if (m.groupBy() != null && !in.hasAttribute(m.groupBy())) {
                    throw PipelineSpecs.invalid(at + "config.groupBy: attr '" + m.groupBy() + "' is set by no stage"
                            + " before this one (a ParentAssetLookup sets " + RecordAttributes.PARENT + ")");
                }
                for (PointRef p : m.points()) {
                    if (!in.points().contains(p)) {
                        throw PipelineSpecs.invalid(at + "config.points: " + p + " does not reach this stage (its"
                                + " inputs carry " + in.describePoints() + ")");
                    }
                }
                var carried = new LinkedHashSet<>(in.carried());
                carried.addAll(m.points());
                yield new StreamShape(Set.of(m.outputPoint()), carried, in.attributes());
            }
            case StageConfig.LastRecordAppender a ->
                    in.withAttributes(RecordAttributes.LAST_RECORD_TIME, RecordAttributes.LAST_RECORD_VALUE);
            case StageConfig.OffLimitTagger t ->
                    in.withAttributes(RecordAttributes.IS_OUTLIER, RecordAttributes.OUTLIER_ATTR);
            case StageConfig.LatePointTagger t -> in.withAttributes(RecordAttributes.IS_LATE);
            case StageConfig.ExpressionEvaluator e -> expression(e, in, at);
            case StageConfig.RecordGenerator g ->
                    new StreamShape(Set.of(g.point()), Set.of(), Set.of(RecordAttributes.GENERATED));
            case StageConfig.PlatformStep p -> new StreamShape(p.template().outputs(), Set.of(), Set.of());
            case StageConfig.Output o -> {
                if (in.points().isEmpty()) {
                    throw PipelineSpecs.invalid(at + "inputs: no point reaches this stage");
                }
                yield StreamShape.EMPTY;
            }
        };
    }

    private static StreamShape window(StageConfig.Window w, StreamShape in, String at) {
        if (w.outputPoint() == null) {
            return new StreamShape(in.points(), Set.of(),
                    Set.of(RecordAttributes.CAL_MODE, RecordAttributes.CAL_TYPE));
        }
        if (in.points().size() != 1) {
            throw PipelineSpecs.invalid(at + "config.outputPoint: the inputs carry " + in.points().size()
                    + " points (" + in.describePoints() + "); one output point needs exactly one input point");
        }
        return new StreamShape(Set.of(w.outputPoint()), Set.of(),
                Set.of(RecordAttributes.CAL_MODE, RecordAttributes.CAL_TYPE));
    }

    private static StreamShape expression(StageConfig.ExpressionEvaluator e, StreamShape in, String at) {
        Expression expression = PipelineSpecs.expression(e, at);
        for (String p : expression.points()) {
            PointRef ref = PointRef.parse(p, e.outputPoint().modelId());
            if (!in.readable(ref)) {
                throw PipelineSpecs.invalid(at + "config.expression: ${" + p + "} does not reach this stage (its"
                        + " inputs carry " + in.describePoints() + ")");
            }
        }
        for (String attribute : expression.attributes()) {
            if (!in.hasAttribute(attribute)) {
                throw PipelineSpecs.invalid(at + "config.expression: $attr{" + attribute + "} is set by no stage"
                        + " before this one (an AssetLookup adds the asset's attributes)");
            }
        }
        return in.withPoints(Set.of(e.outputPoint()));
    }
}
