package org.openenos.streaming;

import java.util.List;
import java.util.Optional;

/** Storage of stream job definitions; every read is scoped by organization. */
public interface StreamJobStore {
    void insert(StreamJob job);

    Optional<StreamJob> find(String orgId, String pipelineId);

    List<StreamJob> list(String orgId);

    /** Jobs of every organization in the given status (the server restarts RUNNING ones after a restart). */
    List<StreamJob> withStatus(JobStatus status);

    void update(StreamJob job);

    boolean delete(String orgId, String pipelineId);
}
