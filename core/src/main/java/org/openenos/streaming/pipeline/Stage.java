package org.openenos.streaming.pipeline;

import java.io.Serializable;
import java.util.List;

/**
 * One stage of a pipeline: its id (unique in the pipeline), operator, the stages it reads and its typed config.
 * {@code operatorUid} is the id of its operator in the running job, under which its state is checkpointed:
 * {@code stage-<id>} for a user's stage; a template's stage keeps the uid its job had before templates were
 * pipelines, so that a paused job's savepoint still restores.
 */
public record Stage(String id, Operator operator, List<String> inputs, StageConfig config, String operatorUid)
        implements Serializable {
    public Stage {
        inputs = List.copyOf(inputs);
    }

    public Stage(String id, Operator operator, List<String> inputs, StageConfig config) {
        this(id, operator, inputs, config, "stage-" + id);
    }

    /** Whether the stage keeps state per asset (or per tree) between records, which the stage-state API reads. */
    public boolean stateful() {
        return switch (config) {
            case StageConfig.Window w -> true;
            case StageConfig.LatestRecordMerger m -> true;
            case StageConfig.LastRecordAppender a -> true;
            case StageConfig.LatePointTagger t -> true;
            case StageConfig.PlatformStep p -> true;
            default -> false;
        };
    }
}
