package org.openenos.streaming.flink;

import java.util.HashMap;
import java.util.Map;

/**
 * The values of one asset at one time that a job selected from one log record: the unit its operators process, so
 * points posted together (a and b in one message) are evaluated together. A Flink POJO (public fields, no-arg
 * constructor) so that Flink serializes it without Kryo.
 */
public class AssetSample {
    public String orgId;
    public String modelId;
    public String assetId;
    public long time;
    /** Numeric values by point id; booleans as 0/1. Declared as a Map so that Flink uses its map serializer. */
    public Map<String, Double> values = new HashMap<>();

    public AssetSample() {
    }

    public AssetSample(String orgId, String modelId, String assetId, long time) {
        this.orgId = orgId;
        this.modelId = modelId;
        this.assetId = assetId;
        this.time = time;
    }

    @Override
    public String toString() {
        return assetId + "@" + time + values;
    }
}
