package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openenos.alerting.expression.Bindings;
import org.openenos.alerting.expression.Expression;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.PointRef;
import org.openenos.streaming.StreamDirectory;

/**
 * The calculated-point template, per asset: keeps the last value of every input point (the "last value"
 * interpolation EnOS documents) and evaluates each policy's expression — the alert rules' expression language — when
 * one of its trigger points arrives (output stamped with the trigger's time) or at its fixed frequency (stamped with
 * the engine's clock). An expression whose inputs are not all known yet produces nothing. Attributes
 * ({@code $attr{id}}) are the asset's in the registry, held per asset and read again when the copy is older than the
 * job's refresh period, so an edited attribute applies without restarting the job.
 */
final class PointMerger extends KeyedProcessFunction<String, AssetSample, OutputValue> {
    private final String engineKey;
    private final String pipelineId;
    private final JobSpec.PointMerge spec;
    private transient List<Expression> expressions;
    private transient Map<String, HeldAttributes> attributes;
    /** The last value (with its time) of each input point, by {@code model::point}: the stage "lastValues". */
    private transient MapState<String, TimedValue> lastValues;
    /** The same as kept before the values had their time; read only where {@link #lastValues} has no value yet. */
    private transient MapState<String, Double> lastValuesBefore;
    private transient ValueState<String> identity;
    private transient JobCounters counters;
    private transient StreamDirectory directory;

    PointMerger(String engineKey, String pipelineId, JobSpec.PointMerge spec) {
        this.engineKey = engineKey;
        this.pipelineId = pipelineId;
        this.spec = spec;
    }

    static MapStateDescriptor<String, TimedValue> lastValuesState() {
        return new MapStateDescriptor<>("lastValues", Types.STRING, TypeExtractor.getForClass(TimedValue.class));
    }

    @Override
    public void open(OpenContext context) {
        expressions = new ArrayList<>();
        spec.policies().forEach(p -> expressions.add(Expression.parse(p.expression())));
        lastValues = getRuntimeContext().getMapState(lastValuesState());
        lastValuesBefore = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("last", Types.STRING, Types.DOUBLE));
        identity = getRuntimeContext().getState(new ValueStateDescriptor<>("org-model", Types.STRING));
        counters = EngineResources.counters(pipelineId);
        directory = JobDirectory.of(engineKey, getRuntimeContext());
        attributes = new HashMap<>();
    }

    @Override
    public void processElement(AssetSample sample, Context ctx, Collector<OutputValue> out) throws Exception {
        var triggered = new ArrayList<Integer>();
        for (var entry : sample.values.entrySet()) {
            PointRef point = new PointRef(sample.modelId, entry.getKey());
            lastValues.put(point.toString(), new TimedValue(sample.time, entry.getValue()));
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
        Expression expression = expressions.get(index);
        Map<String, Object> assetAttributes = expression.attributes().isEmpty() ? Map.of()
                : attributes(orgId, assetId);
        if (assetAttributes == null) {
            return;
        }
        Double result;
        try {
            result = expression.evaluateNumber(new LastValueBindings(policy.modelId(), assetAttributes));
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

    /**
     * The asset's attributes, read from the registry when the held copy is older than the refresh period. When the
     * registry cannot answer, the held copy is used if there is one; otherwise the evaluation is skipped (null) and
     * counted as an error, rather than failing the job.
     */
    private Map<String, Object> attributes(String orgId, String assetId) {
        long now = System.currentTimeMillis();
        HeldAttributes held = attributes.get(assetId);
        if (held != null && now - held.readAt < spec.attributeRefreshMillis()) {
            return held.values;
        }
        try {
            // a copy: attribute values may be null, which Map.copyOf refuses
            var values = new HashMap<>(directory.attributes(orgId, assetId));
            attributes.put(assetId, new HeldAttributes(values, now));
            return values;
        } catch (RuntimeException e) {
            counters.errors.incrementAndGet();
            return held == null ? null : held.values;
        }
    }

    private record HeldAttributes(Map<String, Object> values, long readAt) {
    }

    private final class LastValueBindings implements Bindings {
        private final String modelId;
        private final Map<String, Object> attributes;

        LastValueBindings(String modelId, Map<String, Object> attributes) {
            this.modelId = modelId;
            this.attributes = attributes;
        }

        @Override
        public Object attribute(String attributeId) {
            return attributes.get(attributeId);
        }

        @Override
        public Object point(String pointId) {
            try {
                String key = PointRef.parse(pointId, modelId).toString();
                TimedValue held = lastValues.get(key);
                return held != null ? (Object) held.value : lastValuesBefore.get(key);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
