package org.openenos.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertQuery;
import org.openenos.alerting.AlertRule;
import org.openenos.alerting.AlertRuleStore;
import org.openenos.alerting.AlertStore;
import org.openenos.alerting.CatalogEntry;
import org.openenos.alerting.CatalogStore;
import org.openenos.alerting.RuleStateStore;

/** Every alerting port in memory, with the same one-active-alert-per-(rule, asset) guarantee as the database. */
public final class InMemoryAlertStores implements AlertRuleStore, AlertStore, CatalogStore, RuleStateStore {
    private final Map<String, AlertRule> rules = new ConcurrentHashMap<>();
    private final Map<String, CatalogEntry> catalog = new ConcurrentHashMap<>();
    private final Map<String, Alert> active = new ConcurrentHashMap<>();
    private final List<Alert> history = new ArrayList<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, Mark> marks = new ConcurrentHashMap<>();

    private static String k(String... parts) {
        return String.join("\u0000", parts);
    }

    @Override
    public void save(AlertRule rule) {
        rules.put(k(rule.orgId(), rule.ruleId()), rule);
    }

    @Override
    public Optional<AlertRule> find(String orgId, String ruleId) {
        return Optional.ofNullable(rules.get(k(orgId, ruleId)));
    }

    @Override
    public List<AlertRule> list(String orgId) {
        return rules.values().stream().filter(r -> r.orgId().equals(orgId)).toList();
    }

    @Override
    public List<AlertRule> allRules() {
        return List.copyOf(rules.values());
    }

    @Override
    public boolean delete(String orgId, String ruleId) {
        return rules.remove(k(orgId, ruleId)) != null;
    }

    @Override
    public void save(CatalogEntry e) {
        catalog.put(k(e.kind().name(), e.orgId(), e.id()), e);
    }

    @Override
    public Optional<CatalogEntry> find(CatalogEntry.Kind kind, String orgId, String id) {
        return Optional.ofNullable(catalog.get(k(kind.name(), orgId, id)));
    }

    @Override
    public List<CatalogEntry> list(CatalogEntry.Kind kind, String orgId) {
        return catalog.values().stream().filter(e -> e.kind() == kind && e.orgId().equals(orgId)).toList();
    }

    @Override
    public boolean delete(CatalogEntry.Kind kind, String orgId, String id) {
        return catalog.remove(k(kind.name(), orgId, id)) != null;
    }

    @Override
    public synchronized boolean insertActive(Alert a) {
        if (history.stream().anyMatch(h -> h.eventId().equals(a.eventId()))) {
            return false;
        }
        return active.putIfAbsent(k(a.orgId(), a.hitRuleId(), a.assetId()), a) == null;
    }

    @Override
    public Optional<Alert> findActive(String orgId, String eventId) {
        return active.values().stream().filter(a -> a.orgId().equals(orgId) && a.eventId().equals(eventId))
                .findFirst();
    }

    @Override
    public List<Alert> allActive() {
        return List.copyOf(active.values());
    }

    @Override
    public synchronized boolean recover(Alert r) {
        String key = k(r.orgId(), r.hitRuleId(), r.assetId());
        Alert a = active.get(key);
        if (a == null || !a.eventId().equals(r.eventId())) {
            return false;
        }
        active.remove(key);
        history.add(r);
        return true;
    }

    @Override
    public void updateActive(Alert a) {
        active.computeIfPresent(k(a.orgId(), a.hitRuleId(), a.assetId()), (key, old) -> a);
    }

    @Override
    public synchronized boolean insertHistory(Alert a) {
        if (history.stream().anyMatch(h -> h.eventId().equals(a.eventId()))) {
            return false;
        }
        return history.add(a);
    }

    @Override
    public synchronized Optional<Alert> findHistory(String orgId, String eventId) {
        return history.stream().filter(h -> h.orgId().equals(orgId) && h.eventId().equals(eventId)).findFirst();
    }

    @Override
    public synchronized void updateHistory(Alert a) {
        history.replaceAll(h -> h.orgId().equals(a.orgId()) && h.eventId().equals(a.eventId()) ? a : h);
    }

    @Override
    public boolean deleteActive(String orgId, String eventId) {
        return active.values().removeIf(a -> a.orgId().equals(orgId) && a.eventId().equals(eventId));
    }

    @Override
    public List<Alert> searchActive(AlertQuery q) {
        return page(filter(active.values().stream(), q), q);
    }

    @Override
    public long countActive(AlertQuery q) {
        return filter(active.values().stream(), q).count();
    }

    @Override
    public synchronized List<Alert> searchHistory(AlertQuery q) {
        return page(filter(history.stream(), q), q);
    }

    @Override
    public synchronized long countHistory(AlertQuery q) {
        return filter(history.stream(), q).count();
    }

    @Override
    public Map<String, Long> aggregateActive(AlertQuery q, String field) {
        Function<Alert, String> f = switch (field) {
            case "assetId" -> Alert::assetId;
            case "modelId" -> Alert::modelId;
            case "severityId" -> Alert::severityId;
            default -> Alert::hitRuleId;
        };
        return filter(active.values().stream(), q).collect(Collectors.groupingBy(f, TreeMap::new,
                Collectors.counting()));
    }

    private static Stream<Alert> filter(Stream<Alert> s, AlertQuery q) {
        return s.filter(a -> a.orgId().equals(q.orgId()))
                .filter(a -> q.assetId() == null || q.assetId().equals(a.assetId()))
                .filter(a -> q.ruleId() == null || q.ruleId().equals(a.hitRuleId()))
                .filter(a -> q.modelId() == null || q.modelId().equals(a.modelId()))
                .filter(a -> q.inScope(a.assetPaths()))
                .filter(a -> q.rootAlert() == null || q.rootAlert() == a.maskedBy().isEmpty());
    }

    private static List<Alert> page(Stream<Alert> s, AlertQuery q) {
        return s.sorted(Comparator.comparingLong(Alert::occurTime).reversed()).skip(q.offset()).limit(q.limit())
                .toList();
    }

    @Override
    public void save(State s) {
        states.merge(k(s.orgId(), s.ruleId(), s.assetId()), s, (old, n) -> new State(n.orgId(), n.ruleId(),
                n.assetId(), n.pendingSince(), n.lastSeen() != null ? n.lastSeen() : old.lastSeen()));
    }

    @Override
    public void delete(String orgId, String ruleId, String assetId) {
        states.remove(k(orgId, ruleId, assetId));
    }

    @Override
    public void deleteRule(String orgId, String ruleId) {
        states.values().removeIf(s -> s.orgId().equals(orgId) && s.ruleId().equals(ruleId));
        marks.values().removeIf(m -> m.orgId().equals(orgId) && m.ruleId().equals(ruleId));
    }

    @Override
    public List<State> allStates() {
        return List.copyOf(states.values());
    }

    @Override
    public void latch(String orgId, String ruleId, String assetId, boolean latched) {
        marks.compute(k(orgId, ruleId, assetId), (key, m) -> new Mark(orgId, ruleId, assetId, latched,
                m == null ? null : m.endedThrough()));
    }

    @Override
    public void ended(String orgId, String ruleId, String assetId, long valueTime) {
        marks.compute(k(orgId, ruleId, assetId), (key, m) -> new Mark(orgId, ruleId, assetId,
                m != null && m.closeLatched(), m == null || m.endedThrough() == null ? valueTime
                : Math.max(valueTime, m.endedThrough())));
    }

    @Override
    public List<Mark> allMarks() {
        return List.copyOf(marks.values());
    }
}
