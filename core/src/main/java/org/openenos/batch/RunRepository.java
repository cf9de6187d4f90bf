package org.openenos.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Flow instances, their task instances and the task logs; the state of every run, so it survives a restart. */
public interface RunRepository {
    record Query(String orgId, Long flowId, String nameLike, Collection<InstanceStatus> statuses, Instant fromTrigger,
                 Instant toTrigger, int offset, int limit) {
    }

    /** Stores the instance and one task instance per task of its definition; returns it with its id. */
    FlowInstance insert(FlowInstance instance, List<TaskInstance> tasks);

    /** Writes status, description and times if the stored status is still {@code expected}. */
    boolean update(FlowInstance instance, InstanceStatus expected);

    Optional<FlowInstance> find(String orgId, long instanceId);

    Optional<FlowInstance> find(long instanceId);

    List<FlowInstance> search(Query query);

    long count(Query query);

    List<TaskInstance> tasks(long instanceId);

    Optional<TaskInstance> task(long taskInstId);

    void update(TaskInstance task);

    /** The oldest queued instance of the flow by trigger time (the next to run). */
    Optional<FlowInstance> nextQueued(long flowId);

    /** Flows of any organization with a queued or running instance. */
    List<Long> flowsWithWork();

    /** Instances of the flow left running, by a server that stopped in the middle of them. */
    List<FlowInstance> running(long flowId);

    /** Whether the flow has a successful instance for this business date (flow references). */
    boolean succeeded(long flowId, LocalDate calDt);

    void appendLog(long taskInstId, Instant time, String line);

    /** The task's log lines in order, at most {@code limit} from {@code offset}. */
    List<String> log(long taskInstId, int offset, int limit);
}
