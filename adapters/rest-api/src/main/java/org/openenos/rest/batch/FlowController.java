package org.openenos.rest.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.batch.FlowInstance;
import org.openenos.batch.Workflow;
import org.openenos.batch.WorkflowRepository;
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
 * {@code /batch-processing-service/v2.1/flows} (reference enos-processing §2.3): {@code save} (create, or update
 * when {@code flowId} is given), {@code get}, {@code search}, {@code delete}, {@code enable}, {@code disable},
 * {@code trigger} ({@code {flowId, triggerTime(ms), parameters}}; a past time is a backfill of that business date)
 * and, an OpenEnOS addition, {@code backfill} ({@code {flowId, startDate, endDate}}, one run per business date).
 */
@RestController
@RequestMapping("/batch-processing-service/v2.1/flows")
public class FlowController {
    public record SearchBody(String expression, Boolean active, PageRequestBody pagination) {
    }

    private static final Instant LATEST = Instant.parse("9999-12-30T00:00:00Z");
    private final WorkflowService flows;
    private final ApiAccess access;

    public FlowController(WorkflowService flows, ApiAccess access) {
        this.flows = flows;
        this.access = access;
    }

    @RequestMapping(params = "action=save", method = RequestMethod.POST)
    public ApiResponse save(@RequestParam String orgId, @RequestBody Map<String, Object> body) {
        access.requireWrite(orgId);
        Workflow w = FlowBodies.workflow(orgId, body);
        Workflow saved = w.flowId() > 0 ? flows.update(w) : flows.create(w);
        return ApiResponse.ok(Map.of("flowId", saved.flowId()));
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam long flowId) {
        access.requireRead(orgId);
        return ApiResponse.ok(FlowBodies.view(flows.get(orgId, flowId)));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        SearchBody b = body == null ? new SearchBody(null, null, null) : body;
        Page.Request page = PageRequestBody.of(b.pagination(), 10);
        var q = new WorkflowRepository.Query(orgId, b.expression(), b.active(), page.offset(), page.pageSize());
        List<Map<String, Object>> items = flows.search(q).stream().map(FlowBodies::view).toList();
        return ApiResponse.page(items, new ApiResponse.Pagination(page.pageNo(), page.pageSize(), flows.count(q),
                "createTime DESC"));
    }

    @RequestMapping(params = "action=delete", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse delete(@RequestParam String orgId, @RequestParam long flowId) {
        access.requireWrite(orgId);
        flows.delete(orgId, flowId);
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=enable", method = RequestMethod.POST)
    public ApiResponse enable(@RequestParam String orgId, @RequestParam long flowId) {
        access.requireWrite(orgId);
        flows.setActive(orgId, flowId, true);
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=disable", method = RequestMethod.POST)
    public ApiResponse disable(@RequestParam String orgId, @RequestParam long flowId) {
        access.requireWrite(orgId);
        flows.setActive(orgId, flowId, false);
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=trigger", method = RequestMethod.POST)
    public ApiResponse trigger(@RequestParam String orgId, @RequestBody Map<String, Object> body) {
        access.requireWrite(orgId);
        long flowId = FlowBodies.longValue(body.get("flowId"), "flowId");
        Instant when = body.get("triggerTime") == null ? null
                : Instant.ofEpochMilli(FlowBodies.longValue(body.get("triggerTime"), "triggerTime"));
        if (when != null && (when.isBefore(Instant.EPOCH) || when.isAfter(LATEST))) {
            throw OpenEnosException.badArgument("triggerTime must be between 1970 and 9999 (epoch milliseconds)");
        }
        FlowInstance i = flows.trigger(orgId, flowId, when, parameters(body));
        return ApiResponse.ok(Map.of("flowInstanceId", i.instanceId()));
    }

    @RequestMapping(params = "action=backfill", method = RequestMethod.POST)
    public ApiResponse backfill(@RequestParam String orgId, @RequestBody Map<String, Object> body) {
        access.requireWrite(orgId);
        long flowId = FlowBodies.longValue(body.get("flowId"), "flowId");
        List<FlowInstance> queued = flows.backfill(orgId, flowId, date(body.get("startDate"), "startDate"),
                date(body.get("endDate"), "endDate"), parameters(body));
        return ApiResponse.ok(Map.of("flowInstanceIds", queued.stream().map(FlowInstance::instanceId).toList()));
    }

    private static LocalDate date(Object value, String field) {
        try {
            LocalDate d = value == null ? null : LocalDate.parse(value.toString());
            if (d != null && (d.getYear() < 1970 || d.getYear() > 9998)) {
                throw OpenEnosException.badArgument(field + " must be between 1970 and 9998");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw OpenEnosException.badArgument(field + " must be a date yyyy-MM-dd");
        }
    }

    private static Map<String, String> parameters(Map<String, Object> body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map<String, Object> p : FlowBodies.objects(body.get("parameters"), "parameters")) {
            params.put(FlowBodies.text(p.get("key")), FlowBodies.text(p.get("value")));
        }
        return params;
    }
}
