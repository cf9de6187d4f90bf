package org.openenos.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openenos.model.StringI18n;

/**
 * An alert rule (EnOS {@code alert-rules}). It watches {@code measurepointId} of every asset of {@code modelId} in
 * {@code scope}; {@code condition} may read further points of the same asset. The alert fires once the condition has
 * held for {@code triggeringDelayTimer} seconds and recovers when {@code recoveryCondition} holds (or, without one,
 * when the condition no longer holds). With {@code noDataTimer} > 0 the rule instead fires when the point has not
 * reported for that many seconds. A {@code deviceStatus} rule ("offline" or "online") fires while a device of the
 * model is in that state; an {@code eventId} rule fires when a device posts that WARN or ERROR event of its model, with
 * {@code condition} (optional) over the event's output parameters. {@code actions} are notifications and control
 * actions run when the alert changes (ADR 0025). Rules match assets of {@code modelId} and of models inheriting it.
 */
public record AlertRule(String orgId, String ruleId, StringI18n ruleDesc, String modelId, String measurepointId,
                        String deviceStatus, String eventId, String condition, String recoveryCondition, String severityId,
                        String typeId, String contentId, Map<String, String> tags, boolean isEnabled, boolean isRoot,
                        List<Scope> scope, int triggeringDelayTimer, int noDataTimer, List<AlertAction> actions,
                        RateLimit rateLimit, Instant updateTime) {

    /** {@code treeId} "all" selects every asset of the model in the organization. */
    public record Scope(String treeId, String assetId) {
        public boolean isAll() {
            return "all".equalsIgnoreCase(treeId);
        }
    }

    /** At most {@code maxNotifications} notifications per rule within {@code periodSeconds}. */
    public record RateLimit(int maxNotifications, int periodSeconds) {
    }

    public AlertRule {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        scope = scope == null || scope.isEmpty() ? List.of(new Scope("all", null)) : List.copyOf(scope);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    public AlertRule withUpdateTime(Instant time) {
        return new AlertRule(orgId, ruleId, ruleDesc, modelId, measurepointId, deviceStatus, eventId, condition,
                recoveryCondition, severityId, typeId, contentId, tags, isEnabled, isRoot, scope,
                triggeringDelayTimer, noDataTimer, actions, rateLimit, time);
    }

    public AlertRule withActions(List<AlertAction> newActions) {
        return new AlertRule(orgId, ruleId, ruleDesc, modelId, measurepointId, deviceStatus, eventId, condition,
                recoveryCondition, severityId, typeId, contentId, tags, isEnabled, isRoot, scope,
                triggeringDelayTimer, noDataTimer, newActions, rateLimit, updateTime);
    }

    public AlertRule withOrg(String org) {
        return new AlertRule(org, ruleId, ruleDesc, modelId, measurepointId, deviceStatus, eventId, condition,
                recoveryCondition, severityId, typeId, contentId, tags, isEnabled, isRoot, scope,
                triggeringDelayTimer, noDataTimer, actions, rateLimit, updateTime);
    }
}
