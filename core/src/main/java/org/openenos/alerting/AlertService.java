package org.openenos.alerting;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.registry.Page;

/**
 * Use cases of the event service: rules and their catalog (severities, types, contents), and operator actions on
 * alerts. Every method takes the caller's organization and only ever touches that organization's records.
 */
public final class AlertService {
    private final AlertRuleStore rules;
    private final CatalogStore catalog;
    private final AlertStore alerts;
    private final RuleStateStore states;
    private final AlertEngine engine;
    private final RuleValidator validator;
    private final Clock clock;
    private final List<java.util.function.BiConsumer<String, String>> ruleListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public AlertService(AlertRuleStore rules, CatalogStore catalog, AlertStore alerts, RuleStateStore states,
                        AlertEngine engine, AlertAssets assets, Clock clock) {
        this(rules, catalog, alerts, states, engine, assets, clock, java.util.Set.of());
    }

    /** @param supportedActions action types this server can carry out; rules naming others are refused */
    public AlertService(AlertRuleStore rules, CatalogStore catalog, AlertStore alerts, RuleStateStore states,
                        AlertEngine engine, AlertAssets assets, Clock clock, java.util.Set<String> supportedActions) {
        this.rules = rules;
        this.catalog = catalog;
        this.alerts = alerts;
        this.states = states;
        this.engine = engine;
        this.validator = new RuleValidator(assets, catalog, supportedActions);
        this.clock = clock;
    }

    /** Told (org, ruleId) of every rule created, changed or deleted here (a cluster tells the other nodes). */
    public void addRuleChangeListener(java.util.function.BiConsumer<String, String> listener) {
        ruleListeners.add(listener);
    }

    /** Another node changed this rule: the engine here takes it as stored now (gone when deleted). */
    public void reloadRule(String orgId, String ruleId) {
        engine.ruleChanged(orgId, ruleId, rules.find(orgId, ruleId).orElse(null));
    }

    private void ruleChanged(String orgId, String ruleId, AlertRule rule) {
        engine.ruleChanged(orgId, ruleId, rule);
        for (var listener : ruleListeners) {
            listener.accept(orgId, ruleId);
        }
    }

    public AlertRule createRule(String orgId, AlertRule input) {
        AlertRule rule = input.withOrg(orgId).withUpdateTime(clock.instant());
        validator.validate(rule);
        if (rules.find(orgId, rule.ruleId()).isPresent()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "ruleId: rule '" + rule.ruleId() + "' already exists");
        }
        rules.save(rule);
        ruleChanged(orgId, rule.ruleId(), rule);
        return rule;
    }

    public AlertRule updateRule(String orgId, AlertRule input) {
        AlertRule previous = getRule(orgId, input.ruleId());
        AlertRule rule = keepSecrets(input, previous).withOrg(orgId).withUpdateTime(clock.instant());
        validator.validate(rule);
        rules.save(rule);
        states.deleteRule(orgId, rule.ruleId());
        ruleChanged(orgId, rule.ruleId(), rule);
        return rule;
    }

    /** Deleting a rule closes its active alerts: nothing would ever recover them. */
    public void deleteRule(String orgId, String ruleId) {
        AlertRule rule = getRule(orgId, ruleId);
        rules.delete(orgId, ruleId);
        states.deleteRule(orgId, ruleId);
        ruleChanged(orgId, ruleId, null);
        for (Alert a : alerts.searchActive(new AlertQuery(orgId, null, null, null, ruleId, null, null, null, null,
                null, null, null, 0, Integer.MAX_VALUE))) {
            close(orgId, a.eventId(), rule);
        }
    }

    /** A rule read back shows secrets as "******"; sending that back keeps the stored secret of the same URL. */
    private static AlertRule keepSecrets(AlertRule input, AlertRule previous) {
        List<AlertAction> actions = new java.util.ArrayList<>();
        for (AlertAction a : input.actions()) {
            AlertAction kept = a;
            if (a != null && "******".equals(a.secret())) {
                kept = previous.actions().stream().filter(p -> p.url() != null && p.url().equals(a.url()))
                        .map(AlertAction::secret).findFirst().map(a::withSecret).orElse(a.withSecret(null));
            }
            actions.add(kept);
        }
        return input.withActions(actions);
    }

    public AlertRule getRule(String orgId, String ruleId) {
        return rules.find(orgId, ruleId)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "alert rule " + ruleId));
    }

    public List<AlertRule> listRules(String orgId) {
        return rules.list(orgId);
    }

    public CatalogEntry saveEntry(String orgId, CatalogEntry input, boolean create) {
        if (input.id() == null || !input.id().matches("[A-Za-z0-9._-]{1,50}")) {
            throw OpenEnosException.badArgument(idField(input.kind()) + ": 1 to 50 characters from A-Z a-z 0-9 . _ -");
        }
        if (input.desc() == null || input.desc().defaultValue() == null) {
            throw OpenEnosException.badArgument(descField(input.kind()) + ": a description with a defaultValue is"
                    + " required");
        }
        boolean exists = catalog.find(input.kind(), orgId, input.id()).isPresent();
        if (create && exists) {
            throw new OpenEnosException(ErrorCode.CONFLICT, idField(input.kind()) + ": '" + input.id()
                    + "' already exists");
        }
        if (!create && !exists) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, idField(input.kind()) + " " + input.id());
        }
        CatalogEntry entry = new CatalogEntry(input.kind(), orgId, input.id(), input.desc(), input.modelId(),
                input.typeId(), input.tags());
        catalog.save(entry);
        return entry;
    }

    public CatalogEntry getEntry(CatalogEntry.Kind kind, String orgId, String id) {
        return catalog.find(kind, orgId, id)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, idField(kind) + " " + id));
    }

    /** An entry that a rule still uses cannot be deleted. */
    public void deleteEntry(CatalogEntry.Kind kind, String orgId, String id) {
        getEntry(kind, orgId, id);
        for (AlertRule r : rules.list(orgId)) {
            String used = switch (kind) {
                case SEVERITY -> r.severityId();
                case TYPE -> r.typeId();
                case CONTENT -> r.contentId();
            };
            if (id.equals(used)) {
                throw new OpenEnosException(ErrorCode.CONFLICT, idField(kind) + ": '" + id + "' is used by rule '"
                        + r.ruleId() + "'");
            }
        }
        catalog.delete(kind, orgId, id);
    }

    public List<CatalogEntry> listEntries(CatalogEntry.Kind kind, String orgId) {
        return catalog.list(kind, orgId);
    }

    public Page<Alert> searchActive(AlertQuery q, Page.Request page) {
        AlertQuery paged = paged(q, page);
        return new Page<>(alerts.searchActive(paged), page.pageNo(), page.pageSize(), alerts.countActive(q));
    }

    public Page<Alert> searchHistory(AlertQuery q, Page.Request page) {
        AlertQuery paged = paged(q, page);
        return new Page<>(alerts.searchHistory(paged), page.pageNo(), page.pageSize(), alerts.countHistory(q));
    }

    public Map<String, Long> aggregate(AlertQuery q, String groupByField) {
        if (!List.of("contentId", "assetId", "modelId", "measurepointId", "severityId", "typeId", "hitRuleId")
                .contains(groupByField)) {
            throw OpenEnosException.badArgument("groupByField: one of contentId, assetId, modelId, measurepointId,"
                    + " severityId, typeId, hitRuleId");
        }
        return alerts.aggregateActive(q, groupByField);
    }

    /** Closes an active alert by hand: it moves to history with eventType 2 (recovered through the API). */
    public Alert close(String orgId, String eventId) {
        Alert active = activeAlert(orgId, eventId);
        return close(orgId, eventId, rules.find(orgId, active.hitRuleId()).orElse(null));
    }

    private Alert close(String orgId, String eventId, AlertRule rule) {
        Alert active = activeAlert(orgId, eventId);
        Alert closed = active.recovered(Alert.API_RECOVERED, clock.millis(), null);
        alerts.recover(closed);
        engine.closed(active);
        engine.notify(AlertListener.Change.CLOSED, closed, rule);
        return closed;
    }

    public void delete(String orgId, String eventId) {
        Alert active = activeAlert(orgId, eventId);
        alerts.deleteActive(orgId, eventId);
        engine.closed(active);
    }

    /**
     * Acknowledges an alert. EnOS moves a recovered alert to history at once, but an operator who has not seen it yet
     * still has to acknowledge it (the portal keeps showing it until then), so a history alert that nobody has
     * acknowledged is acknowledged in place; one acknowledged already is answered as it is.
     */
    public Alert acknowledge(String orgId, String eventId, String comment) {
        var active = alerts.findActive(orgId, eventId);
        if (active.isEmpty()) {
            return acknowledgeRecovered(orgId, eventId, comment);
        }
        Alert acked = active.get().acknowledge(comment, clock.millis());
        alerts.updateActive(acked);
        engine.acknowledged(acked);
        engine.notify(AlertListener.Change.ACKNOWLEDGED, acked, rules.find(orgId, acked.hitRuleId()).orElse(null));
        return acked;
    }

    private Alert acknowledgeRecovered(String orgId, String eventId, String comment) {
        Alert recovered = alerts.findHistory(orgId, eventId)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "alert " + eventId));
        if (recovered.acknowledged()) {
            return recovered;
        }
        Alert acked = recovered.acknowledge(comment, clock.millis());
        alerts.updateHistory(acked);
        engine.notify(AlertListener.Change.ACKNOWLEDGED, acked, rules.find(orgId, acked.hitRuleId()).orElse(null));
        return acked;
    }

    private Alert activeAlert(String orgId, String eventId) {
        return alerts.findActive(orgId, eventId)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "active alert " + eventId));
    }

    private static AlertQuery paged(AlertQuery q, Page.Request page) {
        return new AlertQuery(q.orgId(), q.assetId(), q.modelId(), q.measurepointId(), q.ruleId(), q.severityId(),
                q.startOccurTime(), q.endOccurTime(), q.treeId(), q.fromAssetId(), q.includeDerivative(), q.rootAlert(), page.offset(),
                page.pageSize(), q.acknowledged(), q.withinNodes());
    }

    private static String idField(CatalogEntry.Kind kind) {
        return switch (kind) {
            case SEVERITY -> "severityId";
            case TYPE -> "typeId";
            case CONTENT -> "contentId";
        };
    }

    private static String descField(CatalogEntry.Kind kind) {
        return switch (kind) {
            case SEVERITY -> "severityDesc";
            case TYPE -> "typeDesc";
            case CONTENT -> "contentDesc";
        };
    }
}
