package org.openenos.alerting.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertAssets;
import org.openenos.alerting.AlertListener;
import org.openenos.alerting.AlertRule;
import org.openenos.alerting.AlertStore;
import org.openenos.alerting.LastValues;
import org.openenos.alerting.RuleStateStore;
import org.openenos.alerting.expression.Bindings;
import org.openenos.model.MeasurePointValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machines of one partition of assets. Not thread-safe by design: each partition is driven by exactly one
 * thread, so state changes need no locks and happen in the order the values arrived for an asset.
 */
public final class RuleEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(RuleEvaluator.class);

    /** Who hears about alert changes; the engine counts and fans them out. */
    public interface Sink {
        void emit(AlertListener.Change change, Alert alert, AlertRule rule);
    }

    private final Supplier<RuleIndex> index;
    private final AlertStore alerts;
    private final RuleStateStore states;
    private final AlertFactory factory;
    private final AlertAssets assets;
    private final Clock clock;
    private final Sink sink;
    private final Map<InstanceKey, Instance> instances = new HashMap<>();
    /** org → asset → point → latest value, for conditions over several points. */
    private final Map<String, Map<String, Map<String, Object>>> latest = new HashMap<>();
    private final Set<InstanceKey> timed = new HashSet<>();
    /** Model → itself and the models it inherits from; models rarely change, and a rule change clears it. */
    private final Map<String, Map<String, List<String>>> lineages = new HashMap<>();
    /** Where the points a condition reads but this evaluator has not seen come from, and those asked for already. */
    private final Supplier<LastValues> lastValues;
    private final Set<SeriesRef> lookedUp = new HashSet<>();

    private record SeriesRef(String orgId, String assetId, String pointId) {
    }

    private final MaskIndex masks;

    public RuleEvaluator(Supplier<RuleIndex> index, AlertStore alerts, RuleStateStore states, AlertFactory factory,
                         AlertAssets assets, Clock clock, MaskIndex masks, Sink sink) {
        this(index, alerts, states, factory, assets, clock, masks, sink, () -> LastValues.NONE);
    }

    public RuleEvaluator(Supplier<RuleIndex> index, AlertStore alerts, RuleStateStore states, AlertFactory factory,
                         AlertAssets assets, Clock clock, MaskIndex masks, Sink sink, Supplier<LastValues> lastValues) {
        this.lastValues = lastValues;
        this.masks = masks;
        this.index = index;
        this.alerts = alerts;
        this.states = states;
        this.factory = factory;
        this.assets = assets;
        this.clock = clock;
        this.sink = sink;
    }

    /** Restores an active alert after a restart. */
    public void restoreActive(Alert alert) {
        instance(new InstanceKey(alert.orgId(), alert.hitRuleId(), alert.assetId())).active = alert;
    }

    /** Restores a pending delay or a no-data clock after a restart. */
    public void restoreState(RuleStateStore.State s) {
        InstanceKey key = new InstanceKey(s.orgId(), s.ruleId(), s.assetId());
        Instance i = instance(key);
        if (s.pendingSince() != null) {
            i.pendingSince = s.pendingSince();
            timed.add(key);
        }
        if (s.lastSeen() != null) {
            i.lastSeen = s.lastSeen();
            i.lastSeenPersisted = s.lastSeen();
            timed.add(key);
        }
    }

    /** Restores the latch after an operator close and the end of the last alert, after a hand-over or restart. */
    public void restoreMark(RuleStateStore.Mark m) {
        Instance i = instance(new InstanceKey(m.orgId(), m.ruleId(), m.assetId()));
        i.latched = m.closeLatched();
        if (m.endedThrough() != null) {
            i.endedThrough = Math.max(i.endedThrough, m.endedThrough());
        }
    }

    /** Forgets every state of the assets given: another node evaluates them now. */
    public void release(java.util.function.Predicate<String> assetIds) {
        instances.keySet().removeIf(k -> assetIds.test(k.assetId()));
        timed.removeIf(k -> assetIds.test(k.assetId()));
        lookedUp.removeIf(k -> assetIds.test(k.assetId()));
        for (Map<String, Map<String, Object>> byAsset : latest.values()) {
            byAsset.keySet().removeIf(assetIds);
        }
    }

    public void onValues(List<MeasurePointValue> values) {
        RuleIndex rules = index.get();
        for (MeasurePointValue v : values) {
            List<CompiledRule> hit = rulesFor(rules, v.orgId(), v.modelId(), v.pointId());
            if (hit.isEmpty()) {
                continue;
            }
            Map<String, Object> points = latest.computeIfAbsent(v.orgId(), k -> new HashMap<>())
                    .computeIfAbsent(v.assetId(), k -> new HashMap<>());
            points.put(v.pointId(), v.value());
            for (CompiledRule rule : hit) {
                if (ScopeMatcher.inScope(rule.rule(), v.assetId(), assets)) {
                    fillIn(rule, v, points);
                    evaluate(rule, v, points);
                }
            }
        }
    }

    /*
     * A condition over several points needs the others' values too. Those not seen since this evaluator took the asset
     * are read once from the store, as they were at the value's time, so a hand-over or restart does not leave the
     * rule waiting until every point has reported again. A failing read leaves the point unknown, as before.
     */
    private void fillIn(CompiledRule rule, MeasurePointValue v, Map<String, Object> points) {
        if (rule.points().size() < 2) {
            return;
        }
        for (String point : rule.points()) {
            if (point.startsWith("$") || points.containsKey(point)
                    || !lookedUp.add(new SeriesRef(v.orgId(), v.assetId(), point))) {
                continue;
            }
            try {
                lastValues.get().atOrBefore(v.orgId(), v.assetId(), point, v.time())
                        .ifPresent(value -> points.putIfAbsent(point, value));
            } catch (RuntimeException e) {
                LOG.warn("could not read the last value of point {} of asset {}: {}", point, v.assetId(),
                        e.getMessage());
            }
        }
    }

    private void evaluate(CompiledRule rule, MeasurePointValue v, Map<String, Object> points) {
        InstanceKey key = new InstanceKey(v.orgId(), rule.rule().ruleId(), v.assetId());
        Instance i = instance(key);
        long now = clock.millis();
        if (rule.isNoData()) {
            if (v.pointId().equals(rule.rule().measurepointId())) {
                seen(rule, i, now, v);
            }
            return;
        }
        Bindings bindings = bindings(v, points, rule);
        Object value = points.get(rule.valuePoint());
        if (i.active != null) {
            if (Boolean.TRUE.equals(rule.recovered(bindings))) {
                ended(i, v.time());
                recover(rule.rule(), i, value, now);
            }
            return;
        }
        if (v.time() <= i.endedThrough) {
            // evaluated within the alert that ended then: a replay after a hand-over, or the same value re-posted
            return;
        }
        Boolean hit = rule.test(bindings);
        if (hit == null) {
            return;
        }
        if (!hit) {
            if (i.latched) {
                i.latched = false;
                InstanceKey k = i.key;
                persist(() -> states.latch(k.orgId(), k.ruleId(), k.assetId(), false));
            }
            if (i.isPending()) {
                i.pendingSince = -1;
                timed.remove(key);
                persist(() -> states.delete(key.orgId(), key.ruleId(), key.assetId()));
            }
            return;
        }
        if (i.latched) {
            return;
        }
        i.lastValue = value;
        i.lastValueTime = v.time();
        int delay = rule.rule().triggeringDelayTimer();
        if (delay <= 0) {
            raise(rule.rule(), i, v.modelId(), value, v.time(), now);
        } else if (!i.isPending()) {
            i.pendingSince = now;
            timed.add(key);
            persist(() -> states.save(new RuleStateStore.State(key.orgId(), key.ruleId(), key.assetId(), now, null)));
        } else if (now - i.pendingSince >= delay * 1000L) {
            raise(rule.rule(), i, v.modelId(), value, v.time(), now);
        }
    }

    private void seen(CompiledRule rule, Instance i, long now, MeasurePointValue v) {
        i.lastSeen = now;
        i.lastValue = v.value();
        timed.add(i.key);
        if (i.active != null) {
            recover(rule.rule(), i, v.value(), now);
        }
        // Persisting every sample would put the database on the hot path; a quarter of the timer is precise enough.
        if (now - i.lastSeenPersisted >= rule.rule().noDataTimer() * 250L) {
            i.lastSeenPersisted = now;
            InstanceKey k = i.key;
            persist(() -> states.save(new RuleStateStore.State(k.orgId(), k.ruleId(), k.assetId(), null, now)));
        }
    }

    /**
     * A device posted an event: rules naming it raise an alert when their condition over the event's outputs holds
     * (or always, without one). Event alerts have no recovery condition; they stay active until closed, and a repeat
     * of the event while one is active adds nothing.
     */
    public void onEvent(String orgId, String modelId, String assetId, String eventId, Map<String, Object> outputs,
                        long time) {
        for (CompiledRule rule : rulesFor(index.get(), orgId, modelId, CompiledRule.eventKey(eventId))) {
            if (!ScopeMatcher.inScope(rule.rule(), assetId, assets)) {
                continue;
            }
            Instance i = instance(new InstanceKey(orgId, rule.rule().ruleId(), assetId));
            if (i.active != null) {
                continue;
            }
            Boolean hit = rule.condition() == null ? Boolean.TRUE : rule.condition().test(outputs::get);
            if (Boolean.TRUE.equals(hit)) {
                raise(rule.rule(), i, modelId, outputs, time, clock.millis());
            }
        }
    }

    /** Rules of the model and of every model it inherits from ({@code modelIdPath}). */
    private List<CompiledRule> rulesFor(RuleIndex rules, String orgId, String modelId, String point) {
        List<String> lineage = lineages.computeIfAbsent(orgId, k -> new HashMap<>())
                .computeIfAbsent(modelId, k -> lineage(orgId, modelId));
        if (lineage.size() == 1) {
            return rules.rulesFor(orgId, modelId, point);
        }
        List<CompiledRule> all = new ArrayList<>();
        for (String m : lineage) {
            all.addAll(rules.rulesFor(orgId, m, point));
        }
        return all;
    }

    private List<String> lineage(String orgId, String modelId) {
        String path = assets.model(orgId, modelId).map(org.openenos.model.ThingModel::modelIdPath).orElse(null);
        if (path == null || path.isBlank()) {
            return List.of(modelId);
        }
        List<String> ids = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isBlank() && !ids.contains(part)) {
                ids.add(part);
            }
        }
        if (!ids.contains(modelId)) {
            ids.add(modelId);
        }
        return List.copyOf(ids);
    }

    /** Runs the timers: pending delays that ran out and points that stopped reporting. */
    public void tick() {
        long now = clock.millis();
        RuleIndex rules = index.get();
        for (InstanceKey key : new ArrayList<>(timed)) {
            Instance i = instances.get(key);
            CompiledRule rule = rules.rule(key.orgId(), key.ruleId());
            if (i == null || rule == null) {
                timed.remove(key);
                continue;
            }
            if (rule.isNoData()) {
                if (i.active == null && i.lastSeen >= 0 && now - i.lastSeen >= rule.rule().noDataTimer() * 1000L) {
                    raise(rule.rule(), i, rule.rule().modelId(), null, now, now);
                }
            } else if (i.active == null && i.isPending()
                    && now - i.pendingSince >= rule.rule().triggeringDelayTimer() * 1000L) {
                raise(rule.rule(), i, rule.rule().modelId(), i.lastValue, i.lastValueTime, now);
            }
        }
    }

    private void raise(AlertRule rule, Instance i, String modelId, Object value, long occurTime, long now) {
        Alert created = factory.create(rule, i.key.assetId(), modelId, value, occurTime, now);
        Alert alert = created.maskedBy(masks.masksFor(created));
        try {
            if (alerts.insertActive(alert)) {
                sink.emit(AlertListener.Change.RAISED, alert, rule);
                i.active = alert;
            } else {
                // Raised already: by another node evaluating this asset too, or by this very value before a failover
                // replayed it. The stored alert is the one to recover later. When none is active, the alert that
                // value raised has ended (recovered or closed): it is not raised again, and nothing is remembered,
                // so a later value that meets the condition raises a new alert.
                i.active = alerts.findActiveOf(alert.orgId(), alert.hitRuleId(), alert.assetId()).orElse(null);
            }
            if (i.isPending()) {
                i.pendingSince = -1;
                states.delete(i.key.orgId(), i.key.ruleId(), i.key.assetId());
            }
            if (rule.noDataTimer() <= 0) {
                timed.remove(i.key);
            }
        } catch (RuntimeException e) {
            // The state stays as it was, so the next value or tick tries again.
            LOG.warn("could not store alert of rule {} on asset {}: {}", rule.ruleId(), i.key.assetId(),
                    e.getMessage());
        }
    }

    private void recover(AlertRule rule, Instance i, Object value, long now) {
        Alert recovered = i.active.recovered(Alert.SYSTEM_RECOVERED, now, value);
        try {
            if (alerts.recover(recovered)) {
                sink.emit(AlertListener.Change.RECOVERED, recovered, rule);
            } else {
                // gone already: closed by an operator (maybe through another node, which latched it there) or
                // recovered before a failover; the condition has cleared now, so the latch goes too
                i.latched = false;
                InstanceKey k = i.key;
                persist(() -> states.latch(k.orgId(), k.ruleId(), k.assetId(), false));
            }
            i.active = null;
        } catch (RuntimeException e) {
            LOG.warn("could not recover alert {}: {}", recovered.eventId(), e.getMessage());
        }
    }

    /*
     * Written before the recovery, so that a node replaying the values after a failover finds either the alert still
     * active or its end: the values up to the recovering one never raise a second alert.
     */
    private void ended(Instance i, long valueTime) {
        i.endedThrough = Math.max(i.endedThrough, valueTime);
        InstanceKey k = i.key;
        persist(() -> states.ended(k.orgId(), k.ruleId(), k.assetId(), valueTime));
    }

    /** An operator closed or deleted the alert: forget it, and wait for the condition to clear before re-arming. */
    public void closed(Alert alert) {
        Instance i = instances.get(new InstanceKey(alert.orgId(), alert.hitRuleId(), alert.assetId()));
        if (i != null && i.active != null && i.active.eventId().equals(alert.eventId())) {
            i.active = null;
            i.latched = true;
        }
    }

    /** A root alert above this alert's asset was raised ({@code add}) or ended: update its {@code maskedBy}. */
    public void mask(Alert alert, String rootEventId, boolean add) {
        Instance i = instances.get(new InstanceKey(alert.orgId(), alert.hitRuleId(), alert.assetId()));
        Alert current = i != null && i.active != null && i.active.eventId().equals(alert.eventId()) ? i.active
                : alerts.findActive(alert.orgId(), alert.eventId()).orElse(null);
        if (current == null) {
            return;
        }
        List<String> masked = new ArrayList<>(current.maskedBy());
        if (add ? masked.contains(rootEventId) : !masked.remove(rootEventId)) {
            return;
        }
        if (add) {
            masked.add(rootEventId);
        }
        Alert updated = current.maskedBy(masked);
        try {
            alerts.updateActive(updated);
            if (i != null && i.active == current) {
                i.active = updated;
            }
        } catch (RuntimeException e) {
            LOG.warn("could not update the masks of alert {}: {}", alert.eventId(), e.getMessage());
        }
    }

    public void acknowledged(Alert alert) {
        Instance i = instances.get(new InstanceKey(alert.orgId(), alert.hitRuleId(), alert.assetId()));
        if (i != null && i.active != null && i.active.eventId().equals(alert.eventId())) {
            i.active = alert;
        }
    }

    /** A rule was changed or deleted: its pending delays restart from the new definition. */
    public void ruleChanged(String orgId, String ruleId) {
        lineages.clear();
        instances.values().removeIf(i -> i.key.orgId().equals(orgId) && i.key.ruleId().equals(ruleId)
                && i.active == null);
        instances.values().stream().filter(i -> i.key.orgId().equals(orgId) && i.key.ruleId().equals(ruleId))
                .forEach(i -> i.pendingSince = -1);
        timed.removeIf(k -> k.orgId().equals(orgId) && k.ruleId().equals(ruleId));
    }

    public List<Alert> activeOfRule(String orgId, String ruleId) {
        return instances.values().stream().filter(i -> i.active != null && i.key.orgId().equals(orgId)
                && i.key.ruleId().equals(ruleId)).map(i -> i.active).toList();
    }

    public int instanceCount() {
        return instances.size();
    }

    private Instance instance(InstanceKey key) {
        return instances.computeIfAbsent(key, Instance::new);
    }

    private Bindings bindings(MeasurePointValue v, Map<String, Object> points, CompiledRule rule) {
        if (!rule.readsAttributes()) {
            return points::get;
        }
        Map<String, Object> attributes = assets.asset(v.orgId(), v.assetId())
                .map(AlertAssets.AssetFacts::attributes).orElse(Map.of());
        return new Bindings() {
            public Object point(String pointId) {
                return points.get(pointId);
            }

            public Object attribute(String attributeId) {
                return attributes.get(attributeId);
            }
        };
    }

    private static void persist(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("could not persist rule evaluation state: {}", e.getMessage());
        }
    }
}
