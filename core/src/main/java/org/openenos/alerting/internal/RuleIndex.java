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
    private final Map<String, List<CompiledRule>> byPoint = new HashMap<>();

    private RuleIndex(Map<String, CompiledRule> byKey) {
        this.byKey = Map.copyOf(byKey);
        for (CompiledRule r : byKey.values()) {
            if (!r.rule().isEnabled()) {
                continue;
            }
            for (String point : r.points()) {
                byPoint.computeIfAbsent(pointKey(r.rule().orgId(), r.rule().modelId(), point),
                        k -> new ArrayList<>()).add(r);
            }
        }
        byPoint.replaceAll((k, v) -> List.copyOf(v));
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
        List<CompiledRule> rules = byPoint.get(pointKey(orgId, modelId, pointId));
        return rules == null ? List.of() : rules;
    }

    public CompiledRule rule(String orgId, String ruleId) {
        CompiledRule r = byKey.get(orgId + '\u0000' + ruleId);
        return r != null && r.rule().isEnabled() ? r : null;
    }

    public int size() {
        return byKey.size();
    }

    private static String pointKey(String orgId, String modelId, String pointId) {
        return orgId + '\u0000' + modelId + '\u0000' + pointId;
    }
}
