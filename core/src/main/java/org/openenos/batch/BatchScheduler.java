package org.openenos.batch;

/** The scheduler the runner is driven by: asks for a run of a flow's queued instances on one node of the cluster. */
@FunctionalInterface
public interface BatchScheduler {
    /** Makes sure a runner will drain the flow's queued instances soon (at most one at a time per flow). */
    void wake(long flowId);
}
