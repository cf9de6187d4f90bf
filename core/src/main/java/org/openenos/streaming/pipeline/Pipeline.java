package org.openenos.streaming.pipeline;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.streaming.PointRef;

/**
 * A validated custom pipeline: its stages in an order where every stage comes after the stages it reads, and for
 * each stage the points its records can be of ({@code pointsByStage}; for an {@link Operator#Output} stage, the
 * points it writes).
 */
public record Pipeline(List<Stage> stages, Map<String, Set<PointRef>> pointsByStage) implements Serializable {
    public Pipeline {
        stages = List.copyOf(stages);
        var copy = new java.util.HashMap<String, Set<PointRef>>();
        pointsByStage.forEach((id, points) -> copy.put(id, Set.copyOf(points)));
        pointsByStage = Map.copyOf(copy);
    }

    /** The points the records a stage emits can be of (an Output stage: the points it writes). */
    public Set<PointRef> points(String stageId) {
        return pointsByStage.getOrDefault(stageId, Set.of());
    }

    /** Points the pipeline reads from the log: those of its point selectors. */
    public Set<PointRef> inputs() {
        var in = new LinkedHashSet<PointRef>();
        for (Stage s : stages) {
            if (s.config() instanceof StageConfig.PointSelector sel) {
                in.addAll(sel.points());
            }
        }
        return in;
    }

    /** Points the pipeline writes. */
    public Set<PointRef> outputs() {
        var out = new LinkedHashSet<PointRef>();
        stages.stream().filter(s -> s.operator() == Operator.Output).forEach(s -> out.addAll(points(s.id())));
        return out;
    }

    public Stage stage(String id) {
        return stages.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + id));
    }
}
