package org.openenos.streaming.flink;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.model.MeasurePointValue;
import org.openenos.streaming.PointRef;

/**
 * Which values of the log a job reads: those of its own organization, of the model points it takes as input. This is
 * the only place values enter a job, so a job never sees another organization's data whatever its policies name.
 */
final class PointSelection implements Serializable {
    private final String orgId;
    private final Map<String, Set<String>> pointsByModel;

    PointSelection(String orgId, Set<PointRef> inputs) {
        this.orgId = orgId;
        var byModel = new HashMap<String, java.util.HashSet<String>>();
        inputs.forEach(p -> byModel.computeIfAbsent(p.modelId(), m -> new java.util.HashSet<>()).add(p.pointId()));
        this.pointsByModel = new HashMap<>(byModel.size());
        byModel.forEach((m, ps) -> pointsByModel.put(m, Set.copyOf(ps)));
    }

    boolean selects(MeasurePointValue v) {
        if (!orgId.equals(v.orgId())) {
            return false;
        }
        Set<String> points = pointsByModel.get(v.modelId());
        return points != null && points.contains(v.pointId());
    }

    /** The selected numeric values, grouped by asset and time in the order they first appear. */
    List<AssetSample> select(List<MeasurePointValue> values) {
        Map<String, AssetSample> samples = null;
        for (MeasurePointValue v : values) {
            if (!selects(v)) {
                continue;
            }
            Double number = number(v.value());
            if (number == null) {
                continue;
            }
            if (samples == null) {
                samples = new LinkedHashMap<>();
            }
            samples.computeIfAbsent(v.assetId() + '\u0000' + v.time(),
                    k -> new AssetSample(v.orgId(), v.modelId(), v.assetId(), v.time())).values.put(v.pointId(), number);
        }
        return samples == null ? List.of() : new ArrayList<>(samples.values());
    }

    private static Double number(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return null;
    }
}
