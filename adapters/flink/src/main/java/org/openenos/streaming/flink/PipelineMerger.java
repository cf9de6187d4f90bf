package org.openenos.streaming.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openenos.streaming.PointRef;
import org.openenos.streaming.pipeline.StageConfig;

/**
 * The latest record merger, per asset: holds the newest value of each merged point (by event time) and, when a
 * trigger point arrives, emits one record of the output point stamped with the trigger's time, carrying the held
 * values under {@code attr} as {@code model::point} (an expression after it reads them as {@code ${model::point}}).
 * Values older than the expiry behind the trigger are left out, so a silent device's last value does not live for
 * ever. Grouped by an {@code attr} key instead of the asset, it holds the newest value of each point among the
 * group's assets and emits records of the group's asset.
 */
final class PipelineMerger extends KeyedProcessFunction<String, PipelineRecord, PipelineRecord> {
    private final StageConfig.LatestRecordMerger config;
    private transient MapState<String, TimedValue> latest;

    PipelineMerger(StageConfig.LatestRecordMerger config) {
        this.config = config;
    }

    static MapStateDescriptor<String, TimedValue> latestState() {
        return new MapStateDescriptor<>("latest", Types.STRING, TypeExtractor.getForClass(TimedValue.class));
    }

    @Override
    public void open(OpenContext context) {
        latest = getRuntimeContext().getMapState(latestState());
    }

    @Override
    public void processElement(PipelineRecord r, Context ctx, Collector<PipelineRecord> out) throws Exception {
        if (r.isEndMarker()) {
            return; // the merger's output is stamped by triggers only: nothing of it waits for time to pass
        }
        PointRef point = new PointRef(r.modelId, r.pointId);
        if (!config.points().contains(point)) {
            return;
        }
        String key = point.toString();
        TimedValue held = latest.get(key);
        if (held == null || r.time >= held.time) {
            latest.put(key, new TimedValue(r.time, r.value));
        }
        if (!config.triggerPoints().contains(point)) {
            return;
        }
        PipelineRecord merged = r.as(config.outputPoint(), r.time, r.value);
        if (config.groupBy() != null) {
            merged.assetId = ctx.getCurrentKey(); // the record of the asset the group is of
        }
        for (PointRef p : config.points()) {
            TimedValue v = latest.get(p.toString());
            if (v != null && (config.expiryMillis() <= 0 || r.time - v.time <= config.expiryMillis())) {
                merged.attr.put(p.toString(), Double.toString(v.value));
            }
        }
        out.collect(merged);
    }
}
