package org.openenos.subscription;

import java.util.Set;

/**
 * Which records of its organization a subscription receives. Every part is optional; an empty set (or a null tree)
 * does not narrow. {@code treeId} selects every asset of that asset tree; {@code severities} applies to alerts only.
 */
public record SubscriptionFilter(Set<String> modelIds, Set<String> assetIds, String treeId, Set<String> pointIds,
                                 Set<String> severities) {
    public static final SubscriptionFilter ALL = new SubscriptionFilter(Set.of(), Set.of(), null, Set.of(), Set.of());

    public SubscriptionFilter {
        modelIds = modelIds == null ? Set.of() : Set.copyOf(modelIds);
        assetIds = assetIds == null ? Set.of() : Set.copyOf(assetIds);
        treeId = treeId == null || treeId.isBlank() ? null : treeId;
        pointIds = pointIds == null ? Set.of() : Set.copyOf(pointIds);
        severities = severities == null ? Set.of() : Set.copyOf(severities);
    }

    public boolean acceptsPoint(String pointId) {
        return pointIds.isEmpty() || pointId == null || pointIds.contains(pointId);
    }

    public boolean acceptsModel(String modelId) {
        return modelIds.isEmpty() || modelIds.contains(modelId);
    }

    public boolean acceptsSeverity(String severityId) {
        return severities.isEmpty() || severities.contains(severityId);
    }
}
