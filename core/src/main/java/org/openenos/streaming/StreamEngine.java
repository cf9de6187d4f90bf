package org.openenos.streaming;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Port to the engine that runs stream jobs (an embedded Flink cluster by default). Implementations start nothing
 * until the first job starts. All methods are keyed by pipeline id; the engine keeps each job's checkpoints (state and
 * read offsets) between a pause and the next start, and drops them on stop.
 */
public interface StreamEngine extends AutoCloseable {

    /**
     * Submits the job. With {@code resume} it continues from its last checkpoint when there is one (after a pause
     * or a server restart); otherwise it starts from the current end of the telemetry log with empty state.
     */
    void start(StreamJob job, JobSpec spec, boolean resume);

    /** Takes a checkpoint and stops the job, keeping its state and offsets for the next start. */
    void pause(String pipelineId);

    /** Stops the job and deletes its state and offsets. */
    void stop(String pipelineId);

    /** What the engine knows of the job right now. */
    RuntimeState state(String pipelineId);

    /** Read position and lag of each log partition, from the job's last checkpoint or its live reader. */
    Map<Integer, PartitionLag> offsets(String pipelineId);

    /** Drops the job's read offsets (it must not be running): its next start reads from the end of the log. */
    void resetOffsets(String pipelineId);

    /**
     * One page of what a stateful stage of the job holds for these assets and points (all when a set is empty), read
     * from the job's newest completed checkpoint (running or paused): {@code offset} values skipped, at most
     * {@code limit} returned. Empty when the job has no checkpoint yet.
     */
    default StagePage stageState(StreamJob job, JobSpec spec, String stage, Set<String> assetIds,
                                 Set<String> pointIds, int offset, int limit) {
        return new StagePage(List.of(), null, null, null);
    }

    /**
     * Clears what a stage holds in the checkpoint a stopped-for-now (paused) job resumes from, so that the stage
     * starts afresh at the next start while the other stages and the read offsets are kept.
     */
    default void deleteStageState(StreamJob job, JobSpec spec, String stage) {
        throw new UnsupportedOperationException("this engine cannot delete stage state");
    }

    /**
     * One value held by a stage: the last value of a point of an asset, or a partial result (an open window, the
     * current day's energy); {@code attr} says what it is (e.g. the window's start and aggregation).
     */
    record StageValue(String modelId, String assetId, String pointId, long time, double value,
                      Map<String, Object> attr) {
        public StageValue(String modelId, String assetId, String pointId, long time, double value) {
            this(modelId, assetId, pointId, time, value, Map.of());
        }
    }

    /**
     * A page of stage state, with the id and completion time of the checkpoint it was read from (null when there is
     * none yet) and the offset of the next page (null on the last one).
     */
    record StagePage(List<StageValue> values, Long checkpointId, Long checkpointTime, Integer nextOffset) {
    }

    @Override
    void close();

    record PartitionLag(long offset, long lag) {
    }

    /**
     * {@code phase} is NOT_RUNNING, STARTING, RUNNING or FAILED; {@code failure} says why a job failed;
     * counters since the job was last started.
     */
    record RuntimeState(String phase, String failure, long recordsIn, long recordsOut, long errors, long lag) {
        public static RuntimeState notRunning() {
            return new RuntimeState("NOT_RUNNING", null, 0, 0, 0, 0);
        }

        public boolean failed() {
            return "FAILED".equals(phase);
        }
    }
}
