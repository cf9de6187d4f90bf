package org.openenos.alerting.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import org.openenos.alerting.AlertRule;
import org.openenos.alerting.expression.Bindings;
import org.openenos.alerting.expression.Expression;

/**
 * A rule with its conditions parsed once; {@code points} are the keys whose new value re-evaluates it: measure points,
 * the device status pseudo point {@link #STATUS_POINT}, or {@code $event:<eventId>} for event rules. Pseudo keys
 * start with {@code $}, which no model identifier may contain, so they never meet a real point.
 */
public record CompiledRule(AlertRule rule, Expression condition, Expression recovery, Set<String> points) {
    public static final String STATUS_POINT = "$status";
    static final String EVENT_PREFIX = "$event:";

    public static CompiledRule compile(AlertRule rule) {
        Expression condition = blank(rule.condition()) ? null : Expression.parse(rule.condition());
        Expression recovery = blank(rule.recoveryCondition()) ? null : Expression.parse(rule.recoveryCondition());
        Set<String> points = new LinkedHashSet<>();
        if (!blank(rule.eventId())) {
            // The condition of an event rule reads the event's outputs, not measure points.
            return new CompiledRule(rule, condition, null, Set.of(EVENT_PREFIX + rule.eventId()));
        }
        if (!blank(rule.deviceStatus())) {
            return new CompiledRule(rule, null, null, Set.of(STATUS_POINT));
        }
        if (!blank(rule.measurepointId())) {
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

    static String eventKey(String eventId) {
        return EVENT_PREFIX + eventId;
    }

    public boolean isNoData() {
        return rule.noDataTimer() > 0;
    }

    public boolean isDeviceStatus() {
        return !blank(rule.deviceStatus());
    }

    public boolean isEvent() {
        return !blank(rule.eventId());
    }

    /** The point whose value the alert records: the measure point, or the status pseudo point. */
    String valuePoint() {
        return isDeviceStatus() ? STATUS_POINT : rule.measurepointId();
    }

    /** Whether the alert condition holds; null when a value it needs is not known yet. */
    Boolean test(Bindings bindings) {
        if (isDeviceStatus()) {
            Object status = bindings.point(STATUS_POINT);
            return status == null ? null : rule.deviceStatus().equals(status);
        }
        return condition.test(bindings);
    }

    /** Whether the alert recovers: the recovery condition, or else the condition no longer holding. */
    Boolean recovered(Bindings bindings) {
        if (recovery != null) {
            return recovery.test(bindings);
        }
        Boolean hit = test(bindings);
        return hit == null ? null : !hit;
    }

    boolean readsAttributes() {
        return (condition != null && !condition.attributes().isEmpty())
                || (recovery != null && !recovery.attributes().isEmpty());
    }

    public String key() {
        return rule.orgId() + '\u0000' + rule.ruleId();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
