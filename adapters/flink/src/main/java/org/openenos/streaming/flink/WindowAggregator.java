package org.openenos.streaming.flink;

import java.util.ArrayList;
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
import org.openenos.streaming.JobSpec;

/**
 * The time-window template: tumbling windows aligned to the epoch, per asset (keyed by asset id). Event time is
 * tracked per asset — its watermark is the newest time it has sent — so one device with a fast or slow clock does
 * not close or hold back the windows of others. A window is emitted, stamped with its start, once the asset's
 * watermark reaches its end; a value arriving later but within the allowed lateness updates the window and emits it
 * again (the corrected value replaces the first one in the store); values later than that are dropped and counted.
 */
final class WindowAggregator extends KeyedProcessFunction<String, AssetSample, OutputValue> {
    private final String pipelineId;
    private final JobSpec.WindowAggregation spec;
    private transient ValueState<Long> watermark;
    /** Open windows by "policy index:window start". */
    private transient MapState<String, WindowAccumulator> windows;
    private transient JobCounters counters;

    WindowAggregator(String pipelineId, JobSpec.WindowAggregation spec) {
        this.pipelineId = pipelineId;
        this.spec = spec;
    }

    @Override
    public void open(OpenContext context) {
        watermark = getRuntimeContext().getState(new ValueStateDescriptor<>("watermark", Types.LONG));
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("windows", Types.STRING,
                TypeExtractor.getForClass(WindowAccumulator.class)));
        counters = EngineResources.counters(pipelineId);
    }

    @Override
    public void processElement(AssetSample sample, Context ctx, Collector<OutputValue> out) throws Exception {
        Long current = watermark.value();
        long wm = current == null ? Long.MIN_VALUE : current;
        List<JobSpec.WindowPolicy> policies = spec.policies();
        for (int i = 0; i < policies.size(); i++) {
            JobSpec.WindowPolicy policy = policies.get(i);
            Double value = policy.modelId().equals(sample.modelId) ? sample.values.get(policy.inputPoint()) : null;
            if (value == null || (policy.threshold() != null && !policy.threshold().accepts(value))) {
                continue;
            }
            long start = Math.floorDiv(sample.time, policy.windowMillis()) * policy.windowMillis();
            long end = start + policy.windowMillis();
            if (wm != Long.MIN_VALUE && end + spec.latencyMillis() <= wm) {
                counters.lateDropped.incrementAndGet();
                continue;
            }
            String key = i + ":" + start;
            WindowAccumulator acc = windows.get(key);
            if (acc == null) {
                acc = new WindowAccumulator();
            }
            acc.add(sample.time, value);
            if (acc.emitted) {
                emit(sample, policy, start, acc, out);
            }
            windows.put(key, acc);
        }
        if (sample.time > wm) {
            watermark.update(sample.time);
            advance(sample, sample.time, out);
        }
    }

    /** Emits the windows the asset's watermark has passed, and forgets those beyond the allowed lateness. */
    private void advance(AssetSample sample, long wm, Collector<OutputValue> out) throws Exception {
        List<String> expired = new ArrayList<>();
        Map<String, WindowAccumulator> fired = new java.util.HashMap<>();
        for (Map.Entry<String, WindowAccumulator> entry : windows.entries()) {
            String key = entry.getKey();
            int sep = key.indexOf(':');
            JobSpec.WindowPolicy policy = spec.policies().get(Integer.parseInt(key.substring(0, sep)));
            long start = Long.parseLong(key.substring(sep + 1));
            long end = start + policy.windowMillis();
            WindowAccumulator acc = entry.getValue();
            if (end <= wm && !acc.emitted) {
                acc.emitted = true;
                emit(sample, policy, start, acc, out);
                fired.put(key, acc);
            }
            if (end + spec.latencyMillis() <= wm) {
                expired.add(key);
            }
        }
        // state is changed after the iteration, which it must not be during
        windows.putAll(fired);
        for (String key : expired) {
            windows.remove(key);
        }
    }

    private void emit(AssetSample sample, JobSpec.WindowPolicy policy, long start, WindowAccumulator acc,
                      Collector<OutputValue> out) {
        out.collect(new OutputValue(sample.orgId, policy.modelId(), sample.assetId, policy.outputPoint(), start,
                acc.result(policy.aggregation())));
        counters.recordsOut.incrementAndGet();
    }
}
