package org.openenos.rest.event;

import java.util.List;
import org.openenos.alerting.AlertRule;
import org.openenos.alerting.AlertService;
import org.openenos.alerting.RulePreview;
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

    /** A rule to try out; the window defaults to the last day before now and its first 20 alerts are listed. */
    public record PreviewBody(RuleBody rule, Long startTime, Long endTime, Integer limit) {
    }

    private final AlertService alerts;
    private final RulePreview preview;
    private final ApiAccess access;
    private final java.time.Clock clock;

    public AlertRuleController(AlertService alerts, RulePreview preview, ApiAccess access, java.time.Clock clock) {
        this.alerts = alerts;
        this.preview = preview;
        this.access = access;
        this.clock = clock;
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

    /**
     * Replays the rule (saved or not) over the stored history of its assets with the engine's evaluator and answers
     * the alerts it would have raised: {@code alertCount}, {@code assetCount}, {@code sampleCount} and the first
     * {@code limit} alerts with asset, time, value and recovery time. Nothing is stored or sent.
     */
    @PostMapping(params = "action=preview")
    public ApiResponse preview(@RequestParam String orgId, @RequestBody PreviewBody body) {
        access.requireWrite(orgId);
        if (body == null || body.rule() == null) {
            throw OpenEnosException.badArgument("rule: the body must be {\"rule\": {...}}");
        }
        long end = body.endTime() != null ? body.endTime() : clock.millis();
        long start = body.startTime() != null ? body.startTime() : end - java.time.Duration.ofDays(1).toMillis();
        if (start < 0 || end <= start) {
            throw OpenEnosException.badArgument("startTime: must be before endTime, and not before 1970");
        }
        if (end - start > java.time.Duration.ofDays(7).toMillis()) {
            throw OpenEnosException.badArgument("startTime: a preview covers at most 7 days");
        }
        int limit = body.limit() == null ? 20 : Math.clamp(body.limit(), 0, 1000);
        RulePreview.Result r = preview.preview(orgId, body.rule().toRule(), start, end, limit);
        var first = r.first().stream().map(h -> {
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("assetId", h.assetId());
            m.put("assetName", h.assetName());
            m.put("occurTime", h.occurTime());
            m.put("value", h.value());
            m.put("recoverTime", h.recoverTime());
            return m;
        }).toList();
        var data = new java.util.LinkedHashMap<String, Object>();
        data.put("startTime", r.from());
        data.put("endTime", r.to());
        data.put("alertCount", r.alerts());
        data.put("assetCount", r.assets());
        data.put("sampleCount", r.samples());
        data.put("truncated", r.truncated());
        data.put("alerts", first);
        return ApiResponse.ok(data);
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
