package org.openenos.alerting;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openenos.alerting.expression.Expression;
import org.openenos.alerting.expression.ExpressionException;
import org.openenos.error.OpenEnosException;
import org.openenos.model.DataType;
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

    private final AlertAssets assets;
    private final CatalogStore catalog;

    RuleValidator(AlertAssets assets, CatalogStore catalog) {
        this.assets = assets;
        this.catalog = catalog;
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
        if (rule.deviceStatus() != null && !rule.deviceStatus().isBlank()) {
            throw bad("deviceStatus: device state rules are not supported yet; use a measurepoint rule");
        }
        if (rule.measurepointId() == null || rule.measurepointId().isBlank()) {
            throw bad("measurepointId: is required");
        }
        if (!model.measurepoints().containsKey(rule.measurepointId())) {
            throw bad("measurepointId: unknown point '" + rule.measurepointId() + "' " + has(model));
        }
        if (rule.noDataTimer() < 0 || rule.noDataTimer() > 86_400) {
            throw bad("noDataTimer: must be between 0 and 86400 seconds");
        }
        if (rule.noDataTimer() == 0) {
            checkExpression("condition", rule.condition(), model, true);
        } else if (rule.condition() != null && !rule.condition().isBlank()) {
            throw bad("condition: a no-data rule (noDataTimer > 0) takes no condition");
        }
        checkExpression("recoveryCondition", rule.recoveryCondition(), model, false);
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
        for (AlertAction a : rule.actions()) {
            checkAction(a);
        }
        if (!rule.actions().isEmpty()) {
            // Refused rather than stored silently: a rule must not promise a notification nobody will send.
            throw bad("actions: webhook and e-mail notifications are not available in this version");
        }
        if (rule.rateLimit() != null && (rule.rateLimit().maxNotifications() < 1
                || rule.rateLimit().periodSeconds() < 1)) {
            throw bad("rateLimit: maxNotifications and periodSeconds must be at least 1");
        }
    }

    private static void checkAction(AlertAction a) {
        String type = a.type() == null ? "" : a.type();
        switch (type) {
            case "webhook" -> {
                if (a.url() == null || !(a.url().startsWith("http://") || a.url().startsWith("https://"))) {
                    throw bad("actions: a webhook needs an http:// or https:// url");
                }
            }
            case "email" -> {
                if (a.to().isEmpty() || a.to().stream().anyMatch(t -> t == null || !t.contains("@"))) {
                    throw bad("actions: an email action needs 'to' addresses");
                }
            }
            default -> throw bad("actions: type must be webhook or email, not '" + type + "'");
        }
        if (a.remindAfterSeconds() < 0) {
            throw bad("actions: remindAfterSeconds must not be negative");
        }
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
