package org.openenos.rest.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.alerting.AlertAction;
import org.openenos.alerting.AlertRule;
import org.openenos.model.StringI18n;

/**
 * The JSON shape of an alert rule ({@code {"rule": {...}}} on create and update). The {@code is…} names are spelled
 * out because EnOS uses them as they are, and a missing {@code isEnabled} means enabled.
 */
public record RuleBody(String ruleId, StringI18n ruleDesc, String modelId, String measurepointId,
                       String deviceStatus, String eventId, String condition, String recoveryCondition, String severityId,
                       String typeId, String contentId, Map<String, String> tags,
                       @JsonProperty("isEnabled") Boolean isEnabled, @JsonProperty("isRoot") Boolean isRoot,
                       List<AlertRule.Scope> scope, Integer triggeringDelayTimer, Integer noDataTimer,
                       List<ActionBody> actions, AlertRule.RateLimit rateLimit) {

    public record Envelope(RuleBody rule) {
    }

    /** One entry of {@code actions}; missing numbers mean 0. */
    public record ActionBody(String type, String url, String secret, List<String> to, String serviceId,
                             Map<String, Object> inputData, String measurepointId, Object value, List<String> on,
                             Integer remindAfterSeconds, Integer escalateAfterSeconds) {
        AlertAction toAction() {
            return new AlertAction(type, url, secret, to, serviceId, inputData, measurepointId, value, on,
                    remindAfterSeconds == null ? 0 : remindAfterSeconds,
                    escalateAfterSeconds == null ? 0 : escalateAfterSeconds);
        }
    }

    AlertRule toRule() {
        return new AlertRule(null, ruleId, ruleDesc, modelId, measurepointId, deviceStatus, eventId, condition,
                recoveryCondition, severityId, typeId, contentId, tags, isEnabled == null || isEnabled,
                isRoot != null && isRoot, scope, triggeringDelayTimer == null ? 0 : triggeringDelayTimer,
                noDataTimer == null ? 0 : noDataTimer,
                actions == null ? null : actions.stream().map(RuleBody::action).toList(), rateLimit,
                null);
    }

    private static AlertAction action(ActionBody a) {
        if (a == null) {
            throw org.openenos.error.OpenEnosException.badArgument("actions: an entry is null");
        }
        return a.toAction();
    }

    /** Webhook secrets are write-only: a rule read back shows that a secret is set, never the secret. */
    static Map<String, Object> view(AlertRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ruleId", r.ruleId());
        m.put("ruleDesc", r.ruleDesc());
        m.put("modelId", r.modelId());
        m.put("measurepointId", r.measurepointId());
        m.put("deviceStatus", r.deviceStatus());
        m.put("eventId", r.eventId());
        m.put("condition", r.condition());
        m.put("recoveryCondition", r.recoveryCondition());
        m.put("severityId", r.severityId());
        m.put("typeId", r.typeId());
        m.put("contentId", r.contentId());
        m.put("tags", r.tags());
        m.put("isEnabled", r.isEnabled());
        m.put("isRoot", r.isRoot());
        m.put("scope", r.scope());
        m.put("triggeringDelayTimer", r.triggeringDelayTimer());
        m.put("noDataTimer", r.noDataTimer());
        m.put("actions", r.actions().stream().map(AlertAction::redacted).toList());
        m.put("rateLimit", r.rateLimit());
        m.put("updateTime", r.updateTime() == null ? null : r.updateTime().toEpochMilli());
        return m;
    }
}
