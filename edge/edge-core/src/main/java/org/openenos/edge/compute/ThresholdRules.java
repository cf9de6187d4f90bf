package org.openenos.edge.compute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openenos.edge.config.RuleConfig;
import org.openenos.edge.field.Sample;

/**
 * Local threshold rules of one device. A rule fires once when its point crosses the threshold and re-arms when the
 * point is back in range, so a value that stays high does not flood the cloud with events.
 */
public final class ThresholdRules {
    /** A raised device event: its id and output parameters (EnOS {@code thing.event.{id}.post}). */
    public record RaisedEvent(String eventId, Map<String, Object> outputs, long time) {
    }

    private final List<RuleConfig> rules;
    private final Map<String, Boolean> active = new HashMap<>();

    public ThresholdRules(List<RuleConfig> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<RaisedEvent> evaluate(Map<String, Sample> points) {
        List<RaisedEvent> raised = new ArrayList<>();
        for (RuleConfig rule : rules) {
            Sample s = points.get(rule.measurepoint());
            if (s == null || !s.isGood()) {
                continue;
            }
            double value = s.asDouble();
            boolean violated = rule.above() != null && value > rule.above() || rule.below() != null && value < rule.below();
            boolean was = active.getOrDefault(rule.id(), false);
            if (violated && !was) {
                Map<String, Object> outputs = new HashMap<>();
                outputs.put("rule", rule.id());
                outputs.put("measurepoint", rule.measurepoint());
                outputs.put("value", value);
                outputs.put("threshold", rule.above() != null && value > rule.above() ? rule.above() : rule.below());
                raised.add(new RaisedEvent(rule.event(), outputs, s.time()));
            }
            active.put(rule.id(), violated);
        }
        return raised;
    }
}
