package org.openenos.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A workflow: a DAG of tasks, scheduled by a 7-field Quartz {@code cron} while {@code active}, or run by hand.
 * {@code upstreamFlows} are workflows whose instance for the same business date must have succeeded before an
 * instance of this one starts (EnOS "flow references").
 */
public record Workflow(long flowId, String orgId, String name, String desc, String cron, String cycle, boolean active,
                       Map<String, String> parameters, List<TaskSpec> tasks, List<Relation> relations,
                       List<Long> upstreamFlows, Instant createTime, Instant updateTime, RunPolicy policy) {
    public Workflow {
        policy = policy == null ? RunPolicy.DEFAULT : policy;
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        tasks = List.copyOf(tasks);
        relations = relations == null ? List.of() : List.copyOf(relations);
        upstreamFlows = upstreamFlows == null ? List.of() : List.copyOf(upstreamFlows);
    }

    /** A workflow with the default {@link RunPolicy}. */
    public Workflow(long flowId, String orgId, String name, String desc, String cron, String cycle, boolean active,
                    Map<String, String> parameters, List<TaskSpec> tasks, List<Relation> relations,
                    List<Long> upstreamFlows, Instant createTime, Instant updateTime) {
        this(flowId, orgId, name, desc, cron, cycle, active, parameters, tasks, relations, upstreamFlows, createTime,
                updateTime, RunPolicy.DEFAULT);
    }

    public TaskSpec task(String taskName) {
        return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no task " + taskName + " in workflow " + name));
    }

    public Workflow withId(long id) {
        return new Workflow(id, orgId, name, desc, cron, cycle, active, parameters, tasks, relations, upstreamFlows,
                createTime, updateTime, policy);
    }

    public Workflow withActive(boolean on, Instant now) {
        return new Workflow(flowId, orgId, name, desc, cron, cycle, on, parameters, tasks, relations, upstreamFlows,
                createTime, now, policy);
    }
}
