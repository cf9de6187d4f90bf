package org.openenos.rest.event;

import java.util.List;
import org.openenos.alerting.AlertRule;
import org.openenos.alerting.AlertService;
import org.openenos.error.OpenEnosException;
import org.openenos.registry.Page;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.registry.PageRequestBody;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /event-service/v2.1/alert-rules}: create, update, delete and search alert rules. */
@RestController
@RequestMapping("/event-service/v2.1/alert-rules")
public class AlertRuleController {
    public record SearchBody(String modelId, String measurepointId, PageRequestBody pagination) {
    }

    public record IdBody(String ruleId) {
    }

    private final AlertService alerts;
    private final ApiAccess access;

    public AlertRuleController(AlertService alerts, ApiAccess access) {
        this.alerts = alerts;
        this.access = access;
    }

    @PostMapping(params = "action=create")
    public ApiResponse create(@RequestParam String orgId, @RequestBody RuleBody.Envelope body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(RuleBody.view(alerts.createRule(orgId, rule(body))));
    }

    @PostMapping(params = "action=update")
    public ApiResponse update(@RequestParam String orgId, @RequestBody RuleBody.Envelope body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(RuleBody.view(alerts.updateRule(orgId, rule(body))));
    }

    @PostMapping(params = "action=delete")
    public ApiResponse delete(@RequestParam String orgId, @RequestParam(required = false) String ruleId,
                              @RequestBody(required = false) IdBody body) {
        access.requireWrite(orgId);
        String id = ruleId != null ? ruleId : body == null ? null : body.ruleId();
        if (id == null || id.isBlank()) {
            throw OpenEnosException.badArgument("ruleId: is required");
        }
        alerts.deleteRule(orgId, id);
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String ruleId) {
        access.requireRead(orgId);
        return ApiResponse.ok(RuleBody.view(alerts.getRule(orgId, ruleId)));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        List<AlertRule> all = alerts.listRules(orgId).stream()
                .filter(r -> body == null || body.modelId() == null || body.modelId().equals(r.modelId()))
                .filter(r -> body == null || body.measurepointId() == null
                        || body.measurepointId().equals(r.measurepointId()))
                .toList();
        Page<AlertRule> page = Page.of(all, PageRequestBody.of(body == null ? null : body.pagination(), 100));
        return ApiResponse.page(page.items().stream().map(RuleBody::view).toList(),
                new ApiResponse.Pagination(page.pageNo(), page.pageSize(), page.totalSize(), null));
    }

    private static AlertRule rule(RuleBody.Envelope body) {
        if (body == null || body.rule() == null) {
            throw OpenEnosException.badArgument("rule: the body must be {\"rule\": {...}}");
        }
        return body.rule().toRule();
    }
}
