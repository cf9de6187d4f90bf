package org.openenos.subscription.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionScope;
import org.openenos.subscription.SubscriptionType;

/**
 * Finds the subscriptions a record matches without looking at the others: per (type, organization) the
 * subscriptions are filed under their most selective key (an asset id, else a tree id, else a model id, else
 * organization-wide), so a look-up touches only the candidates of the record's asset, model and trees, whatever the
 * number of subscriptions. The candidates are then checked against the rest of their filter. Immutable: a change of
 * subscriptions builds a new index (they change rarely, records flow constantly).
 */
public final class SubscriptionIndex {
    public static final SubscriptionIndex EMPTY = new SubscriptionIndex(Map.of());

    private record OrgIndex(Map<String, List<Subscription>> byAsset, Map<String, List<Subscription>> byTree,
                            Map<String, List<Subscription>> byModel, List<Subscription> orgWide) {
    }

    private record Key(SubscriptionType type, String orgId) {
    }

    private final Map<Key, OrgIndex> index;
    private final boolean takesValues;

    private SubscriptionIndex(Map<Key, OrgIndex> index) {
        this.index = index;
        this.takesValues = index.keySet().stream()
                .anyMatch(k -> k.type() == SubscriptionType.REAL_TIME || k.type() == SubscriptionType.OFFLINE);
    }

    public static SubscriptionIndex of(Collection<Subscription> subscriptions) {
        var building = new HashMap<Key, OrgIndex>();
        for (Subscription s : subscriptions) {
            OrgIndex org = building.computeIfAbsent(new Key(s.type(), s.orgId()),
                    k -> new OrgIndex(new HashMap<>(), new HashMap<>(), new HashMap<>(), new ArrayList<>()));
            var filter = s.filter();
            if (!filter.assetIds().isEmpty()) {
                filter.assetIds().forEach(a -> org.byAsset().computeIfAbsent(a, x -> new ArrayList<>()).add(s));
            } else if (filter.treeId() != null) {
                org.byTree().computeIfAbsent(filter.treeId(), x -> new ArrayList<>()).add(s);
            } else if (!filter.modelIds().isEmpty()) {
                filter.modelIds().forEach(m -> org.byModel().computeIfAbsent(m, x -> new ArrayList<>()).add(s));
            } else {
                org.orgWide().add(s);
            }
        }
        return new SubscriptionIndex(Map.copyOf(building));
    }

    /**
     * The subscriptions of {@code type} that take a record of this asset; {@code pointId} (data) or
     * {@code severityId} (alerts) may be null when the record has none.
     */
    public List<Subscription> match(SubscriptionType type, String orgId, String modelId, String assetId,
                                    String pointId, String severityId, SubscriptionScope scope) {
        OrgIndex org = index.get(new Key(type, orgId));
        if (org == null) {
            return List.of();
        }
        var matches = new ArrayList<Subscription>(2);
        addAccepted(org.byAsset().get(assetId), modelId, pointId, severityId, scope, orgId, assetId, matches);
        addAccepted(org.byModel().get(modelId), modelId, pointId, severityId, scope, orgId, assetId, matches);
        addAccepted(org.orgWide(), modelId, pointId, severityId, scope, orgId, assetId, matches);
        if (!org.byTree().isEmpty()) {
            for (String tree : scope.treesOf(orgId, assetId)) {
                addAccepted(org.byTree().get(tree), modelId, pointId, severityId, scope, orgId, assetId, matches);
            }
        }
        return matches;
    }

    private static void addAccepted(List<Subscription> candidates, String modelId, String pointId, String severityId,
                                    SubscriptionScope scope, String orgId, String assetId, List<Subscription> out) {
        if (candidates == null) {
            return;
        }
        for (Subscription s : candidates) {
            var f = s.filter();
            if (f.acceptsModel(modelId) && f.acceptsPoint(pointId) && f.acceptsSeverity(severityId)
                    && (f.assetIds().isEmpty() || f.assetIds().contains(assetId))
                    && (f.treeId() == null || scope.treesOf(orgId, assetId).contains(f.treeId()))
                    && !out.contains(s)) {
                out.add(s);
            }
        }
    }

    /** Whether any subscription of the type exists in the organization: lets the router skip whole records. */
    /** Whether some subscription takes measurement point values (real-time or offline data). */
    public boolean takesValues() {
        return takesValues;
    }

    public boolean any(SubscriptionType type, String orgId) {
        return index.containsKey(new Key(type, orgId));
    }

    Set<SubscriptionType> types() {
        var types = new java.util.HashSet<SubscriptionType>();
        index.keySet().forEach(k -> types.add(k.type()));
        return types;
    }
}
