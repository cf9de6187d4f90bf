package org.openenos.streaming.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.openenos.alerting.expression.Bindings;
import org.openenos.alerting.expression.Expression;
import org.openenos.streaming.PointRef;
import org.openenos.streaming.pipeline.RecordAttributes;
import org.openenos.streaming.pipeline.StageConfig;

/**
 * The expression evaluator: computes its output point from each record with the expression language of alert rules
 * and calculated points (one implementation). {@code ${model::point}} is the record's own value when it is of that
 * point, else a value a merger carried in {@code attr}; {@code $attr{key}} is a key of {@code attr} (a tag) or an
 * asset attribute a look-up added. A record whose expression has an unknown input produces nothing; one whose
 * evaluation fails is counted as an error and dropped, and the pipeline goes on.
 */
final class PipelineExpression extends RichFlatMapFunction<PipelineRecord, PipelineRecord> {
    private final String pipelineId;
    private final StageConfig.ExpressionEvaluator config;
    private transient Expression expression;
    private transient JobCounters counters;

    PipelineExpression(String pipelineId, StageConfig.ExpressionEvaluator config) {
        this.pipelineId = pipelineId;
        this.config = config;
    }

    @Override
    public void open(OpenContext context) {
        expression = Expression.parse(config.expression());
        counters = EngineResources.counters(pipelineId);
    }

    @Override
    public void flatMap(PipelineRecord r, Collector<PipelineRecord> out) {
        if (r.isEndMarker()) {
            out.collect(r);
            return;
        }
        Double result;
        try {
            result = expression.evaluateNumber(new RecordBindings(r, config.outputPoint().modelId()));
        } catch (RuntimeException e) {
            counters.errors.incrementAndGet();
            return;
        }
        if (result != null && Double.isFinite(result)) {
            out.collect(r.as(config.outputPoint(), r.time, result));
        }
    }

    private record RecordBindings(PipelineRecord r, String defaultModel) implements Bindings {
        @Override
        public Object point(String pointId) {
            PointRef ref = PointRef.parse(pointId, defaultModel);
            if (ref.modelId().equals(r.modelId) && ref.pointId().equals(r.pointId)) {
                return r.value;
            }
            return typed(r.attr.get(ref.toString()));
        }

        @Override
        public Object attribute(String key) {
            String v = r.attr.get(key);
            return typed(v != null ? v : r.attr.get(RecordAttributes.ASSET_PREFIX + key));
        }

        /** attr holds text: numbers and booleans are given back as such, so comparisons and arithmetic work. */
        private static Object typed(String v) {
            if (v == null) {
                return null;
            }
            if (v.equals("true") || v.equals("false")) {
                return Boolean.valueOf(v);
            }
            try {
                return Double.valueOf(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
    }
}
