package org.openenos.ota;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** OTA jobs and their tasks; the state of every rollout, so it survives a restart. */
public interface OtaJobRepository {
    record JobQuery(String orgId, String productKey, String firmwareId, OtaJob.Status status, int offset, int limit) {
    }

    record TaskQuery(String orgId, String jobId, String deviceKey, Collection<OtaTask.Status> statuses, int offset,
                     int limit) {
    }

    void insert(OtaJob job);

    /** Writes the job's status and times if its stored status is still {@code expected}; false when it changed. */
    boolean update(OtaJob job, OtaJob.Status expected);

    Optional<OtaJob> find(String orgId, String jobId);

    List<OtaJob> search(JobQuery query);

    long count(JobQuery query);

    /** Deletes the job and its tasks. */
    boolean delete(String orgId, String jobId);

    /** Jobs of any organization in the given status (the rollout driver's work). */
    List<OtaJob> withStatus(OtaJob.Status status);

    /**
     * Takes or extends the lease on driving a job until {@code until}: true when {@code node} holds it (it had it,
     * or nobody's lease is current). In a cluster only the holder pushes, so each job has one driver at a time.
     */
    boolean lease(String jobId, String node, java.time.Instant now, java.time.Instant until);

    /** Jobs that are not finished or canceled and roll out this firmware. */
    long unfinishedUsing(String orgId, String firmwareId);

    /** Inserts the tasks; one that exists already (same job and device) is left as it is. */
    void insertTasks(List<OtaTask> tasks);

    /**
     * Writes the task if its stored status is still {@code expected}; false when someone else (the device, the
     * rollout, an operator) changed it first. Every task change goes through here, so none overwrites another.
     */
    boolean update(OtaTask task, OtaTask.Status expected);

    Optional<OtaTask> task(String taskId);

    /**
     * Tasks of the job waiting for a push and due ({@code nextAttemptTime} passed), those of devices the registry
     * sees online first, at most {@code limit}: offline devices at the head of a large job never hold up online ones.
     */
    List<OtaTask> dueTasks(String jobId, Instant now, int limit);

    List<OtaTask> searchTasks(TaskQuery query);

    long countTasks(TaskQuery query);

    /** The unfinished task of an active (running or paused) job for this device, the newest first. */
    Optional<OtaTask> activeTaskOf(String assetId);

    /** Devices (asset ids) of the product with an unfinished task in a running or paused job: one query. */
    java.util.Set<String> assetsWithActiveTasks(String orgId, String productKey);

    /** Running jobs of a product with the incremental policy (devices that come to match join them). */
    List<OtaJob> runningIncremental(String orgId, String productKey);

    /** Tasks of one job per status. */
    Map<OtaTask.Status, Long> taskCounts(String jobId);

    /** Jobs of every organization per status, counted in the database (metrics). */
    Map<OtaJob.Status, Long> jobCounts();

    /** Tasks of running and paused jobs of every organization, per status (metrics). */
    Map<OtaTask.Status, Long> activeTaskCounts();
}
