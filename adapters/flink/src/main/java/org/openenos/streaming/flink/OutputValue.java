package org.openenos.streaming.flink;

import org.openenos.model.MeasurePointValue;

/** A value a job computed for an output point; a Flink POJO. */
public class OutputValue {
    public String orgId;
    public String modelId;
    public String assetId;
    public String pointId;
    public long time;
    public double value;

    public OutputValue() {
    }

    public OutputValue(String orgId, String modelId, String assetId, String pointId, long time, double value) {
        this.orgId = orgId;
        this.modelId = modelId;
        this.assetId = assetId;
        this.pointId = pointId;
        this.time = time;
        this.value = value;
    }

    MeasurePointValue toValue() {
        return new MeasurePointValue(orgId, modelId, assetId, pointId, time, value, null);
    }

    @Override
    public String toString() {
        return assetId + "." + pointId + "@" + time + "=" + value;
    }
}
