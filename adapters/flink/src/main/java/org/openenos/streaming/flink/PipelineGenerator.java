package org.openenos.streaming.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openenos.streaming.pipeline.RecordAttributes;
import org.openenos.streaming.pipeline.StageConfig;

/**
 * The record generator, per asset: once an asset's record has reached the stage (and the asset is one of those
 * listed, if any are), it emits a record of the configured point for that asset at every multiple of the frequency
 * of the engine's clock (aligned to the epoch, as the calculated points' fixed frequency is), stamped with that time,
 * value 0 and {@code attr.generated=true}. The records it receives are not passed on: it is a timer, usually the
 * trigger of a latest record merger. The timer is keyed state, so it survives a pause and a restart.
 */
final class PipelineGenerator extends KeyedProcessFunction<String, PipelineRecord, PipelineRecord> {
    private final StageConfig.RecordGenerator config;
    private transient ValueState<String> org;

    PipelineGenerator(StageConfig.RecordGenerator config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) {
        org = getRuntimeContext().getState(new ValueStateDescriptor<>("org", Types.STRING));
    }

    @Override
    public void processElement(PipelineRecord r, Context ctx, Collector<PipelineRecord> out) throws Exception {
        if (r.isEndMarker() || org.value() != null || !(config.assetIds().isEmpty() || config.assetIds().contains(r.assetId))) {
            return;
        }
        org.update(r.orgId);
        schedule(ctx.timerService().currentProcessingTime(), ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PipelineRecord> out) throws Exception {
        var r = new PipelineRecord(org.value(), config.point().modelId(), ctx.getCurrentKey(),
                config.point().pointId(), timestamp, 0);
        r.attr.put(RecordAttributes.GENERATED, "true");
        out.collect(r);
        schedule(timestamp, ctx.timerService());
    }

    private void schedule(long now, org.apache.flink.streaming.api.TimerService timers) {
        long frequency = config.frequencyMillis();
        timers.registerProcessingTimeTimer((Math.floorDiv(now, frequency) + 1) * frequency);
    }
}
