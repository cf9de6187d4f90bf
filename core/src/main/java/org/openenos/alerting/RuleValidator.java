package org.openenos.alerting;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openenos.alerting.expression.Expression;
import org.openenos.alerting.expression.ExpressionException;
import org.openenos.error.OpenEnosException;
import org.openenos.model.DataType;
import org.openenos.model.ThingEvent;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;

/**
 * Checks a rule before it is stored, field by field, so the caller learns exactly what to fix:
 * {@code condition: unknown point 'x' (model m has temp, power)}.
 */
final class RuleValidator {
    /** EnOS: at most 50 characters from [A-Za-z0-9._-]. */
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9._-]{1,50}");
    static final int MAX_DELAY_SECONDS = 10_800;

    static final Set<String> DEVICE_STATUSES = Set.of("offline", "online");

    private final AlertAssets assets;
    private final CatalogStore catalog;
    private final ActionValidator actions;

    RuleValidator(AlertAssets assets, CatalogStore catalog, Set<String> supportedActions) {
        this.assets = assets;
        this.catalog = catalog;
        this.actions = new ActionValidator(supportedActions);
    }

    void validate(AlertRule rule) {
        if (rule.ruleId() == null || !RULE_ID.matcher(rule.ruleId()).matches()) {
            throw bad("ruleId: 1 to 50 characters from A-Z a-z 0-9 . _ - are required");
        }
        if (rule.ruleDesc() == null || rule.ruleDesc().defaultValue() == null) {
            throw bad("ruleDesc: a description with a defaultValue is required");
        }
        if (rule.modelId() == null || rule.modelId().isBlank()) {
            throw bad("modelId: is required");
        }
        ThingModel model = assets.model(rule.orgId(), rule.modelId())
                .orElseThrow(() -> bad("modelId: model '" + rule.modelId() + "' does not exist"));
        int kinds = (blank(rule.measurepointId()) ? 0 : 1) + (blank(rule.deviceStatus()) ? 0 : 1)
                + (blank(rule.eventId()) ? 0 : 1);
        if (kinds != 1) {
            throw bad("measurepointId: exactly one of measurepointId, deviceStatus and eventId is required");
        }
        if (rule.noDataTimer() < 0 || rule.noDataTimer() > 86_400) {
            throw bad("noDataTimer: must be between 0 and 86400 seconds");
        }
        if (!blank(rule.deviceStatus())) {
            checkDeviceStatusRule(rule);
        } else if (!blank(rule.eventId())) {
            checkEventRule(rule, model);
        } else {
            checkPointRule(rule, model);
        }
        if (rule.triggeringDelayTimer() < 0 || rule.triggeringDelayTimer() > MAX_DELAY_SECONDS) {
            throw bad("triggeringDelayTimer: must be between 0 and " + MAX_DELAY_SECONDS + " seconds");
        }
        requireEntry(CatalogEntry.Kind.SEVERITY, "severityId", rule.orgId(), rule.severityId(), true);
        requireEntry(CatalogEntry.Kind.TYPE, "typeId", rule.orgId(), rule.typeId(), false);
        requireEntry(CatalogEntry.Kind.CONTENT, "contentId", rule.orgId(), rule.contentId(), false);
        for (AlertRule.Scope s : rule.scope()) {
            if (s.treeId() == null || s.treeId().isBlank()) {
                throw bad("scope: every entry needs a treeId (\"all\" for every asset of the model)");
            }
        }
        actions.validate(rule, model);
        if (rule.rateLimit() != null && (rule.rateLimit().maxNotifications() < 1
                || rule.rateLimit().periodSeconds() < 1)) {
            throw bad("rateLimit: maxNotifications and periodSeconds must be at least 1");
        }
    }

    private static void checkDeviceStatusRule(AlertRule rule) {
        if (!DEVICE_STATUSES.contains(rule.deviceStatus())) {
            throw bad("deviceStatus: 'offline' or 'online', not '" + rule.deviceStatus() + "'");
        }
        if (!blank(rule.condition()) || !blank(rule.recoveryCondition())) {
            throw bad("condition: a deviceStatus rule takes no condition; it recovers when the status changes back");
        }
        if (rule.noDataTimer() > 0) {
            throw bad("noDataTimer: a deviceStatus rule takes no noDataTimer; use triggeringDelayTimer");
        }
    }

    private void checkEventRule(AlertRule rule, ThingModel model) {
        ThingEvent event = model.events().get(rule.eventId());
        if (event == null) {
            throw bad("eventId: unknown event '" + rule.eventId() + "' (model " + model.modelId() + " has "
                    + (model.events().isEmpty() ? "no events" : String.join(", ", new TreeSet<>(model.events()
                    .keySet()))) + ")");
        }
        if (event.eventType() == ThingEvent.EventType.INFO) {
            throw bad("eventId: '" + rule.eventId() + "' is an INFO event; only WARN and ERROR events raise alerts");
        }
        if (!blank(rule.recoveryCondition()) || rule.noDataTimer() > 0 || rule.triggeringDelayTimer() > 0) {
            throw bad("eventId: an event rule takes no recoveryCondition, noDataTimer or triggeringDelayTimer; its"
                    + " alert stays active until it is closed");
        }
        if (blank(rule.condition())) {
            return;
        }
        Expression expression;
        try {
            expression = Expression.parse(rule.condition());
        } catch (ExpressionException e) {
            throw bad("condition: " + e.getMessage());
        }
        Set<String> outputs = new TreeSet<>();
        event.outputData().forEach(d -> outputs.add(d.identifier()));
        for (String p : expression.points()) {
            if (!outputs.contains(p)) {
                throw bad("condition: unknown output '" + p + "' of event " + rule.eventId() + " (it has "
                        + (outputs.isEmpty() ? "none" : String.join(", ", outputs)) + ")");
            }
        }
    }

    private void checkPointRule(AlertRule rule, ThingModel model) {
        if (!model.measurepoints().containsKey(rule.measurepointId())) {
            throw bad("measurepointId: unknown point '" + rule.measurepointId() + "' " + has(model));
        }
        if (rule.noDataTimer() == 0) {
            checkExpression("condition", rule.condition(), model, true);
        } else if (!blank(rule.condition())) {
            throw bad("condition: a no-data rule (noDataTimer > 0) takes no condition");
        }
        checkExpression("recoveryCondition", rule.recoveryCondition(), model, false);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private void checkExpression(String field, String source, ThingModel model, boolean required) {
        if (source == null || source.isBlank()) {
            if (required) {
                throw bad(field + ": is required, e.g. \"${temp} > 50\"");
            }
            return;
        }
        Expression expression;
        try {
            expression = Expression.parse(source);
        } catch (ExpressionException e) {
            throw bad(field + ": " + e.getMessage());
        }
        for (String point : expression.points()) {
            ThingMeasurepoint mp = model.measurepoints().get(point);
            if (mp == null) {
                throw bad(field + ": unknown point '" + point + "' " + has(model));
            }
            if (mp.dataType() == DataType.STRUCT || mp.dataType() == DataType.ARRAY) {
                throw bad(field + ": point '" + point + "' is a " + mp.dataType() + " and cannot be compared");
            }
        }
        for (String attribute : expression.attributes()) {
            if (!model.attributes().containsKey(attribute)) {
                throw bad(field + ": unknown attribute '" + attribute + "' (model " + model.modelId() + " has "
                        + String.join(", ", new TreeSet<>(model.attributes().keySet())) + ")");
            }
        }
    }

    private void requireEntry(CatalogEntry.Kind kind, String field, String orgId, String id, boolean required) {
        if (id == null || id.isBlank()) {
            if (required) {
                throw bad(field + ": is required");
            }
            return;
        }
        if (catalog.find(kind, orgId, id).isEmpty()) {
            throw bad(field + ": '" + id + "' does not exist; create it with " + switch (kind) {
                case SEVERITY -> "alert-severities";
                case TYPE -> "alert-types";
                case CONTENT -> "alert-contents";
            } + "?action=create");
        }
    }

    private static String has(ThingModel model) {
        Set<String> points = new TreeSet<>(model.measurepoints().keySet());
        return "(model " + model.modelId() + " has " + (points.isEmpty() ? "no points" : String.join(", ", points))
                + ")";
    }

    private static OpenEnosException bad(String message) {
        return OpenEnosException.badArgument(message);
    }
}
