package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openenos.alerting.expression.Bindings;
import org.openenos.alerting.expression.Expression;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.PointRef;

/**
 * The calculated-point template, per asset: keeps the last value of every input point (the "last value"
 * interpolation EnOS documents) and evaluates each policy's expression — the alert rules' expression language — when
 * one of its trigger points arrives (output stamped with the trigger's time) or at its fixed frequency (stamped with
 * the engine's clock). An expression whose inputs are not all known yet produces nothing.
 */
final class PointMerger extends KeyedProcessFunction<String, AssetSample, OutputValue> {
    private final String pipelineId;
    private final JobSpec.PointMerge spec;
    private transient List<Expression> expressions;
    private transient MapState<String, Double> lastValues;
    private transient ValueState<String> identity;
    private transient JobCounters counters;

    PointMerger(String pipelineId, JobSpec.PointMerge spec) {
        this.pipelineId = pipelineId;
        this.spec = spec;
    }

    @Override
    public void open(OpenContext context) {
        expressions = new ArrayList<>();
        spec.policies().forEach(p -> expressions.add(Expression.parse(p.expression())));
        lastValues = getRuntimeContext().getMapState(new MapStateDescriptor<>("last", Types.STRING, Types.DOUBLE));
        identity = getRuntimeContext().getState(new ValueStateDescriptor<>("org-model", Types.STRING));
        counters = EngineResources.counters(pipelineId);
    }

    @Override
    public void processElement(AssetSample sample, Context ctx, Collector<OutputValue> out) throws Exception {
        var triggered = new ArrayList<Integer>();
        for (var entry : sample.values.entrySet()) {
            PointRef point = new PointRef(sample.modelId, entry.getKey());
            lastValues.put(point.toString(), entry.getValue());
            for (int i = 0; i < spec.policies().size(); i++) {
                if (spec.policies().get(i).triggeredBy(point) && !triggered.contains(i)) {
                    triggered.add(i);
                }
            }
        }
        if (identity.value() == null) {
            identity.update(sample.orgId + '\u0000' + sample.modelId);
            scheduleNextTick(ctx.timerService().currentProcessingTime(), ctx.timerService());
        }
        for (int i : triggered) {
            evaluate(i, sample.orgId, sample.assetId, sample.time, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutputValue> out) throws Exception {
        String[] id = identity.value().split("\u0000", 2);
        for (int i = 0; i < spec.policies().size(); i++) {
            JobSpec.MergePolicy policy = spec.policies().get(i);
            if (policy.frequencyMillis() > 0 && timestamp % policy.frequencyMillis() == 0
                    && policy.modelId().equals(id[1])) {
                evaluate(i, id[0], ctx.getCurrentKey(), timestamp, out);
            }
        }
        scheduleNextTick(timestamp, ctx.timerService());
    }

    /** One timer per asset at the next multiple of any policy's frequency (aligned to the epoch). */
    private void scheduleNextTick(long now, org.apache.flink.streaming.api.TimerService timers) {
        long next = Long.MAX_VALUE;
        for (JobSpec.MergePolicy policy : spec.policies()) {
            if (policy.frequencyMillis() > 0) {
                next = Math.min(next, (Math.floorDiv(now, policy.frequencyMillis()) + 1) * policy.frequencyMillis());
            }
        }
        if (next != Long.MAX_VALUE) {
            timers.registerProcessingTimeTimer(next);
        }
    }

    private void evaluate(int index, String orgId, String assetId, long time, Collector<OutputValue> out)
            throws Exception {
        JobSpec.MergePolicy policy = spec.policies().get(index);
        Double result;
        try {
            result = expressions.get(index).evaluateNumber(new LastValueBindings(policy.modelId()));
        } catch (RuntimeException e) {
            // a division by zero or a bad value in one evaluation must not stop the job
            counters.errors.incrementAndGet();
            return;
        }
        if (result == null || !Double.isFinite(result)) {
            return;
        }
        out.collect(new OutputValue(orgId, policy.modelId(), assetId, policy.outputPoint(), time, result));
        counters.recordsOut.incrementAndGet();
    }

    private final class LastValueBindings implements Bindings {
        private final String modelId;

        LastValueBindings(String modelId) {
            this.modelId = modelId;
        }

        @Override
        public Object point(String pointId) {
            try {
                return lastValues.get(PointRef.parse(pointId, modelId).toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
