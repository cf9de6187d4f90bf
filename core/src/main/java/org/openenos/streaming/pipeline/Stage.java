package org.openenos.streaming.pipeline;

import java.io.Serializable;
import java.util.List;

/** One stage of a pipeline: its id (unique in the pipeline), operator, the stages it reads and its typed config. */
public record Stage(String id, Operator operator, List<String> inputs, StageConfig config) implements Serializable {
    public Stage {
        inputs = List.copyOf(inputs);
    }
}
