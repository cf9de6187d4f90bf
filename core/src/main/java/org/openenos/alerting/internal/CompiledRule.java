package org.openenos.alerting.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import org.openenos.alerting.AlertRule;
import org.openenos.alerting.expression.Expression;

/** A rule with its conditions parsed once; {@code points} are every point whose new value re-evaluates it. */
public record CompiledRule(AlertRule rule, Expression condition, Expression recovery, Set<String> points) {

    public static CompiledRule compile(AlertRule rule) {
        Expression condition = rule.condition() == null || rule.condition().isBlank() ? null
                : Expression.parse(rule.condition());
        Expression recovery = rule.recoveryCondition() == null || rule.recoveryCondition().isBlank() ? null
                : Expression.parse(rule.recoveryCondition());
        Set<String> points = new LinkedHashSet<>();
        if (rule.measurepointId() != null && !rule.measurepointId().isBlank()) {
            points.add(rule.measurepointId());
        }
        if (condition != null) {
            points.addAll(condition.points());
        }
        if (recovery != null) {
            points.addAll(recovery.points());
        }
        return new CompiledRule(rule, condition, recovery, Set.copyOf(points));
    }

    public boolean isNoData() {
        return rule.noDataTimer() > 0;
    }

    public String key() {
        return rule.orgId() + '\u0000' + rule.ruleId();
    }
}
