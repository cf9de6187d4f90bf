package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.streaming.PointRef;
import org.openenos.streaming.StreamEngine.StageValue;

/**
 * What the stateful stages of running jobs report of their state, for the stage-state API: Flink's keyed state
 * cannot be read from outside a running job (queryable state is deprecated), so the operator keeps this copy beside
 * it as it updates the state. It is a view, not the state: it starts empty when a job starts or resumes from a
 * checkpoint (restored values show once the asset sends again) and is dropped when the job pauses or stops.
 */
final class StageSnapshots {
    /** pipeline → asset → {@code model::point} → last value. */
    private static final Map<String, Map<String, Map<String, TimedValue>>> HELD = new ConcurrentHashMap<>();

    private StageSnapshots() {
    }

    static void held(String pipelineId, String assetId, PointRef point, long time, double value) {
        HELD.computeIfAbsent(pipelineId, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(assetId, a -> new ConcurrentHashMap<>())
                .put(point.toString(), new TimedValue(time, value));
    }

    /** The held values of these assets and points (any when a set is empty), ordered by asset and point. */
    static List<StageValue> read(String pipelineId, Set<String> assetIds, Set<String> pointIds) {
        var out = new ArrayList<StageValue>();
        HELD.getOrDefault(pipelineId, Map.of()).forEach((assetId, points) -> {
            if (!assetIds.isEmpty() && !assetIds.contains(assetId)) {
                return;
            }
            points.forEach((key, held) -> {
                PointRef ref = PointRef.parse(key, null);
                if (pointIds.isEmpty() || pointIds.contains(ref.pointId()) || pointIds.contains(key)) {
                    out.add(new StageValue(ref.modelId(), assetId, ref.pointId(), held.time, held.value));
                }
            });
        });
        out.sort(Comparator.comparing(StageValue::assetId).thenComparing(StageValue::pointId));
        return out;
    }

    static void drop(String pipelineId) {
        HELD.remove(pipelineId);
    }
}
