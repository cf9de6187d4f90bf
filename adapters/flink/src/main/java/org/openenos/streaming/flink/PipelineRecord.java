package org.openenos.streaming.flink;

import java.util.HashMap;
import java.util.Map;
import org.openenos.streaming.PointRef;

/**
 * The record of a custom pipeline, in EnOS's shape: one value of one point of one asset, with what operators added
 * under {@code attr} (look-ups, tags, values merged from other points). A Flink POJO (public fields, no-arg
 * constructor, {@code attr} declared as a Map of strings) so that Flink serializes it without Kryo.
 */
public class PipelineRecord {
    public String orgId;
    public String modelId;
    public String assetId;
    public String pointId;
    public long time;
    public double value;
    public Map<String, String> attr = new HashMap<>();

    public PipelineRecord() {
    }

    PipelineRecord(String orgId, String modelId, String assetId, String pointId, long time, double value) {
        this.orgId = orgId;
        this.modelId = modelId;
        this.assetId = assetId;
        this.pointId = pointId;
        this.time = time;
        this.value = value;
    }

    /**
     * The end of a dry run's span for an asset: no point, no value. It moves the asset's event time to the end so
     * that windows ending by then are complete; stages pass it on and Output stages drop it. Live jobs have none.
     */
    static PipelineRecord endMarker(String orgId, String assetId, long time) {
        return new PipelineRecord(orgId, null, assetId, null, time, 0);
    }

    boolean isEndMarker() {
        return pointId == null;
    }

    /** The same record as another point, value and time, keeping what {@code attr} holds. */
    PipelineRecord as(PointRef point, long newTime, double newValue) {
        var r = new PipelineRecord(orgId, point.modelId(), assetId, point.pointId(), newTime, newValue);
        r.attr = new HashMap<>(attr);
        return r;
    }

    String point() {
        return modelId + "::" + pointId;
    }

    /** Key of the stages that hold state per asset and point. */
    String assetPoint() {
        return assetId + '\u0000' + modelId + "::" + pointId;
    }

    @Override
    public String toString() {
        return assetId + "." + point() + "@" + time + "=" + value + attr;
    }
}
