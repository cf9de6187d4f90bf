package org.openenos.streaming.pipeline;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.streaming.PointRef;

/**
 * A validated custom pipeline: its stages in an order where every stage comes after the stages it reads, and the
 * points that reach each {@link Operator#Output} stage (what the pipeline writes).
 */
public record Pipeline(List<Stage> stages, Map<String, Set<PointRef>> outputsByStage) implements Serializable {
    public Pipeline {
        stages = List.copyOf(stages);
        outputsByStage = Map.copyOf(outputsByStage);
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
        outputsByStage.values().forEach(out::addAll);
        return out;
    }

    public Stage stage(String id) {
        return stages.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage " + id));
    }
}
