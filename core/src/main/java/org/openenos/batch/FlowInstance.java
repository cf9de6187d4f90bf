package org.openenos.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * One run of a workflow for a trigger time; its business date {@code calDt} is the trigger date minus one day.
 * {@code parameters} are the workflow's with the trigger's overrides; {@code definition} is the workflow as it was
 * when the run was triggered, so an edit does not change a run under way.
 */
public record FlowInstance(long instanceId, long flowId, String orgId, String flowName, InstanceStatus status,
                           String statusDesc, Instant triggerTime, LocalDate calDt, Map<String, String> parameters,
                           Workflow definition, Instant createTime, Instant startTime, Instant endTime) {
    public FlowInstance {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public FlowInstance with(InstanceStatus s, String desc, Instant start, Instant end) {
        return new FlowInstance(instanceId, flowId, orgId, flowName, s, desc, triggerTime, calDt, parameters,
                definition, createTime, start, end);
    }

    public FlowInstance withId(long id) {
        return new FlowInstance(id, flowId, orgId, flowName, status, statusDesc, triggerTime, calDt, parameters,
                definition, createTime, startTime, endTime);
    }
}
