package org.openenos.timeseries;

import java.util.Map;
import java.util.Set;
import org.openenos.model.MeasurePointValue;

/**
 * The shape of an EnOS storage policy group (at most two per organization, each model in exactly one group): per
 * storage type a retention code such as {@code "6M"} and the points of each model it stores. As a
 * {@link StoragePolicy} it stores a value when any storage type lists its point. The {@code /tsdb-policy/v2.0} API
 * that edits groups is not built yet.
 */
public record StoragePolicyGroup(String groupId, String orgId, String name, Set<String> modelIds,
                                 Map<StorageType, TypePolicy> types) implements StoragePolicy {

    public StoragePolicyGroup {
        modelIds = Set.copyOf(modelIds);
        types = Map.copyOf(types);
    }

    /** Retention code ({@code "1M"}, {@code "3M"}, {@code "6M"}, {@code "1Y"}, …) and model id → point ids. */
    public record TypePolicy(String retention, Map<String, Set<String>> pointsByModel) {
        public TypePolicy {
            pointsByModel = Map.copyOf(pointsByModel);
        }
    }

    @Override
    public boolean stores(MeasurePointValue value) {
        if (!orgId.equals(value.orgId()) || !modelIds.contains(value.modelId())) {
            return false;
        }
        return types.values().stream()
                .anyMatch(t -> t.pointsByModel().getOrDefault(value.modelId(), Set.of()).contains(value.pointId()));
    }
}
