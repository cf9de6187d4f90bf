package org.openenos.batch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Workflow definitions, per organization. */
public interface WorkflowRepository {
    record Query(String orgId, String nameLike, Boolean active, int offset, int limit) {
    }

    /** Stores a new workflow and returns it with its assigned id. */
    Workflow insert(Workflow workflow);

    boolean update(Workflow workflow);

    Optional<Workflow> find(String orgId, long flowId);

    /** A workflow of any organization (the scheduler's view). */
    Optional<Workflow> find(long flowId);

    List<Workflow> search(Query query);

    long count(Query query);

    boolean delete(String orgId, long flowId);

    /** Active workflows of every organization with a cron whose next firing time is due (or not yet computed). */
    List<Workflow> dueForFiring(Instant now);

    /** The next firing time recorded for the workflow, if any. */
    Optional<Instant> nextFireTime(long flowId);

    /**
     * Moves the workflow's next firing time from {@code expected} to {@code next}; false when another node moved it
     * first, so each firing creates one instance in a cluster.
     */
    boolean advanceFireTime(long flowId, Instant expected, Instant next);
}
