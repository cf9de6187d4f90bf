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
import org.openenos.streaming.JobSpec;

/**
 * The time-window template: tumbling windows aligned to the epoch, per asset (keyed by asset id). Event time is
 * tracked per asset — its watermark is the newest time it has sent — so one device with a fast or slow clock does
 * not close or hold back the windows of others.
 *
 * <p>A window closes once the asset's watermark reaches its end and is emitted, stamped with its start,
 * {@link #ARRIVAL_GRACE_MILLIS} later (engine time): consecutive messages of a device can reach the log in a
 * slightly different order than they were sent, and a value of the closing window that arrives in that grace still
 * counts. A value arriving after the emission but within the allowed lateness updates the window, which is emitted
 * again (the correction); values later than that are dropped and counted.
 */
final class WindowAggregator extends KeyedProcessFunction<String, AssetSample, OutputValue> {
    static final long ARRIVAL_GRACE_MILLIS = 1_000;
    private final String pipelineId;
    private final JobSpec.WindowAggregation spec;
    private transient ValueState<Long> watermark;
    /** Open windows by "policy index:window start". */
    private transient MapState<String, WindowAccumulator> windows;
    private transient ValueState<String> identity;
    private transient JobCounters counters;

    WindowAggregator(String pipelineId, JobSpec.WindowAggregation spec) {
        this.pipelineId = pipelineId;
        this.spec = spec;
    }

    static MapStateDescriptor<String, WindowAccumulator> windowsState() {
        return new MapStateDescriptor<>("windows", Types.STRING, TypeExtractor.getForClass(WindowAccumulator.class));
    }

    @Override
    public void open(OpenContext context) {
        watermark = getRuntimeContext().getState(new ValueStateDescriptor<>("watermark", Types.LONG));
        windows = getRuntimeContext().getMapState(windowsState());
        identity = getRuntimeContext().getState(new ValueStateDescriptor<>("org", Types.STRING));
        counters = EngineResources.counters(pipelineId);
    }

    @Override
    public void processElement(AssetSample sample, Context ctx, Collector<OutputValue> out) throws Exception {
        if (identity.value() == null) {
            identity.update(sample.orgId);
        }
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
            String key = i + ":" + start;
            long end = start + policy.windowMillis();
            WindowAccumulator acc = windows.get(key);
            boolean closing = acc != null && !acc.emitted;
            if (!closing && wm != Long.MIN_VALUE && end + spec.latencyMillis() <= wm) {
                counters.lateDropped.incrementAndGet();
                continue;
            }
            if (acc == null) {
                acc = new WindowAccumulator();
                if (wm != Long.MIN_VALUE && end <= wm) {
                    // a late window within the allowed lateness: it is emitted after the grace like any other
                    ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime()
                            + ARRIVAL_GRACE_MILLIS);
                }
            }
            if (!acc.add(sample.time, value)) {
                continue; // the same value at the same time again: already counted
            }
            if (acc.emitted) {
                emit(sample.orgId, ctx.getCurrentKey(), policy, start, acc, out);
            }
            windows.put(key, acc);
        }
        if (sample.time > wm) {
            watermark.update(sample.time);
            // closes what the new watermark passed; the emission follows after the arrival grace
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime()
                    + ARRIVAL_GRACE_MILLIS);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutputValue> out) throws Exception {
        Long current = watermark.value();
        if (current == null) {
            return;
        }
        long wm = current;
        List<String> expired = new ArrayList<>();
        Map<String, WindowAccumulator> fired = new HashMap<>();
        for (Map.Entry<String, WindowAccumulator> entry : windows.entries()) {
            String key = entry.getKey();
            int sep = key.indexOf(':');
            JobSpec.WindowPolicy policy = spec.policies().get(Integer.parseInt(key.substring(0, sep)));
            long start = Long.parseLong(key.substring(sep + 1));
            long end = start + policy.windowMillis();
            WindowAccumulator acc = entry.getValue();
            if (end <= wm && !acc.emitted) {
                acc.emitted = true;
                emit(identity.value(), ctx.getCurrentKey(), policy, start, acc, out);
                fired.put(key, acc);
            }
            if (end + spec.latencyMillis() <= wm && acc.emitted) {
                expired.add(key);
            }
        }
        // state is changed after the iteration, which it must not be during
        windows.putAll(fired);
        for (String key : expired) {
            windows.remove(key);
        }
    }

    private void emit(String orgId, String assetId, JobSpec.WindowPolicy policy, long start, WindowAccumulator acc,
                      Collector<OutputValue> out) {
        out.collect(new OutputValue(orgId, policy.modelId(), assetId, policy.outputPoint(), start,
                acc.result(policy.aggregation())));
        counters.recordsOut.incrementAndGet();
    }
}
