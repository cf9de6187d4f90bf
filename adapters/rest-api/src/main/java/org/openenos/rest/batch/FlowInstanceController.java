package org.openenos.rest.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openenos.batch.FlowInstance;
import org.openenos.batch.InstanceStatus;
import org.openenos.batch.RunRepository;
import org.openenos.batch.WorkflowService;
import org.openenos.error.OpenEnosException;
import org.openenos.registry.Page;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.registry.PageRequestBody;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs: {@code flowInstances?action=search|get|cancel|rerun} and {@code taskInstances?action=get|getLog}. Status
 * codes are EnOS's (−1 FAIL, 0 INIT, 1 SUCCESS, 2 RUNNING, ... 9 RERUN, 10 SKIP).
 */
@RestController
@RequestMapping("/batch-processing-service/v2.1")
public class FlowInstanceController {
    public record SearchBody(Long flowId, String expression, String status, Long fromTriggerTime, Long toTriggerTime,
                             PageRequestBody pagination) {
    }

    public record RerunBody(Long flowInstanceId, String taskName, Boolean withDownstream) {
    }

    private final WorkflowService flows;
    private final ApiAccess access;

    public FlowInstanceController(WorkflowService flows, ApiAccess access) {
        this.flows = flows;
        this.access = access;
    }

    @RequestMapping(path = "/flowInstances", params = "action=search", method = RequestMethod.POST)
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        SearchBody b = body == null ? new SearchBody(null, null, null, null, null, null) : body;
        Page.Request page = PageRequestBody.of(b.pagination(), 10);
        var q = new RunRepository.Query(orgId, b.flowId(), b.expression(), statuses(b.status()),
                b.fromTriggerTime() == null ? null : Instant.ofEpochMilli(b.fromTriggerTime()),
                b.toTriggerTime() == null ? null : Instant.ofEpochMilli(b.toTriggerTime()), page.offset(),
                page.pageSize());
        List<Map<String, Object>> items = flows.searchInstances(q).stream()
                .map(i -> FlowBodies.view(i, null)).toList();
        return ApiResponse.page(items, new ApiResponse.Pagination(page.pageNo(), page.pageSize(),
                flows.countInstances(q), "triggerTime DESC"));
    }

    private static List<InstanceStatus> statuses(String codes) {
        List<InstanceStatus> result = new ArrayList<>();
        if (codes != null && !codes.isBlank()) {
            for (String c : codes.split(",")) {
                try {
                    result.add(InstanceStatus.ofCode(Integer.parseInt(c.strip())));
                } catch (IllegalArgumentException e) {
                    throw OpenEnosException.badArgument("status: \"" + c + "\" is not an instance status code");
                }
            }
        }
        return result;
    }

    @RequestMapping(path = "/flowInstances", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam long flowInstId) {
        access.requireRead(orgId);
        FlowInstance i = flows.instance(orgId, flowInstId);
        return ApiResponse.ok(FlowBodies.view(i, flows.tasks(orgId, flowInstId)));
    }

    @RequestMapping(path = "/flowInstances", params = "action=cancel", method = RequestMethod.POST)
    public ApiResponse cancel(@RequestParam String orgId, @RequestParam long flowInstId) {
        access.requireWrite(orgId);
        flows.cancel(orgId, flowInstId);
        return ApiResponse.ok(null);
    }

    /** Re-runs one task of a finished instance, or the task and its successors with {@code withDownstream}. */
    @RequestMapping(path = "/flowInstances", params = "action=rerun", method = RequestMethod.POST)
    public ApiResponse rerun(@RequestParam String orgId, @RequestBody RerunBody body) {
        access.requireWrite(orgId);
        if (body.flowInstanceId() == null || body.taskName() == null) {
            throw OpenEnosException.badArgument("flowInstanceId and taskName are required");
        }
        flows.rerun(orgId, body.flowInstanceId(), body.taskName(), !Boolean.FALSE.equals(body.withDownstream()));
        return ApiResponse.ok(null);
    }

    @RequestMapping(path = "/taskInstances", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse task(@RequestParam String orgId, @RequestParam long taskInstId) {
        access.requireRead(orgId);
        return ApiResponse.ok(FlowBodies.view(flows.taskInstance(orgId, taskInstId)));
    }

    @RequestMapping(path = "/taskInstances", params = "action=getLog", method = {RequestMethod.GET,
            RequestMethod.POST})
    public ApiResponse log(@RequestParam String orgId, @RequestParam long taskInstId,
                           @RequestParam(defaultValue = "0") int offset,
                           @RequestParam(defaultValue = "1000") int limit) {
        access.requireRead(orgId);
        List<String> lines = flows.log(orgId, taskInstId, Math.max(0, offset), Math.clamp(limit, 1, 10_000));
        return ApiResponse.ok(Map.of("taskInstId", taskInstId, "offset", offset, "log", String.join("\n", lines),
                "lines", lines.size()));
    }
}
