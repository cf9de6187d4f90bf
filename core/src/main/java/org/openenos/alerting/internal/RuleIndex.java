package org.openenos.alerting.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable look-up from (org, model, point) to the enabled rules a value of that point re-evaluates. A rule change
 * builds a new index and swaps it in, so the evaluation path reads it without locks.
 */
public final class RuleIndex {
    public static final RuleIndex EMPTY = new RuleIndex(Map.of());

    private final Map<String, CompiledRule> byKey;
    /** org → model → point → rules; nested rather than a joined key so the hot path builds no strings. */
    private final Map<String, Map<String, Map<String, List<CompiledRule>>>> byPoint = new HashMap<>();

    private RuleIndex(Map<String, CompiledRule> byKey) {
        this.byKey = Map.copyOf(byKey);
        for (CompiledRule r : byKey.values()) {
            if (!r.rule().isEnabled()) {
                continue;
            }
            for (String point : r.points()) {
                byPoint.computeIfAbsent(r.rule().orgId(), k -> new HashMap<>())
                        .computeIfAbsent(r.rule().modelId(), k -> new HashMap<>())
                        .computeIfAbsent(point, k -> new ArrayList<>()).add(r);
            }
        }
        byPoint.values().forEach(models -> models.values().forEach(points -> points.replaceAll((k, v) ->
                List.copyOf(v))));
    }

    public static RuleIndex of(Collection<CompiledRule> rules) {
        Map<String, CompiledRule> map = new HashMap<>();
        rules.forEach(r -> map.put(r.key(), r));
        return new RuleIndex(map);
    }

    public RuleIndex with(CompiledRule rule) {
        Map<String, CompiledRule> map = new HashMap<>(byKey);
        map.put(rule.key(), rule);
        return new RuleIndex(map);
    }

    public RuleIndex without(String orgId, String ruleId) {
        Map<String, CompiledRule> map = new HashMap<>(byKey);
        map.remove(orgId + '\u0000' + ruleId);
        return new RuleIndex(map);
    }

    public List<CompiledRule> rulesFor(String orgId, String modelId, String pointId) {
        Map<String, Map<String, List<CompiledRule>>> models = byPoint.get(orgId);
        Map<String, List<CompiledRule>> points = models == null ? null : models.get(modelId);
        List<CompiledRule> rules = points == null ? null : points.get(pointId);
        return rules == null ? List.of() : rules;
    }

    public CompiledRule rule(String orgId, String ruleId) {
        CompiledRule r = byKey.get(orgId + '\u0000' + ruleId);
        return r != null && r.rule().isEnabled() ? r : null;
    }

    public int size() {
        return byKey.size();
    }
}
