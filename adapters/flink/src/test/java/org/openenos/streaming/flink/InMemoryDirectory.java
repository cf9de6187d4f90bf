package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.streaming.StreamDirectory;

/** Time zones, attributes and trees kept in maps, changed by tests while jobs run; scoped by organization like the registry. */
final class InMemoryDirectory implements StreamDirectory {
    private final Map<String, String> timezones = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> attributes = new ConcurrentHashMap<>();
    /** Nodes by "org/tree", then asset → node. */
    private final Map<String, Map<String, TreeNode>> trees = new ConcurrentHashMap<>();

    void timezone(String orgId, String assetId, String timezone) {
        timezones.put(orgId + "/" + assetId, timezone);
    }

    void attributes(String orgId, String assetId, Map<String, Object> values) {
        attributes.put(orgId + "/" + assetId, Map.copyOf(values));
    }

    @Override
    public Map<String, Object> attributes(String orgId, String assetId) {
        return attributes.getOrDefault(orgId + "/" + assetId, Map.of());
    }

    void putNode(String orgId, String treeId, String assetId, String parentAssetId, String modelId) {
        trees.computeIfAbsent(orgId + "/" + treeId, k -> new ConcurrentHashMap<>())
                .put(assetId, new TreeNode(assetId, parentAssetId, modelId));
    }

    void removeNode(String orgId, String treeId, String assetId) {
        trees.get(orgId + "/" + treeId).remove(assetId);
    }

    @Override
    public String timezone(String orgId, String assetId) {
        return timezones.get(orgId + "/" + assetId);
    }

    @Override
    public List<TreeNode> treeNodes(String orgId, String treeId) {
        return new ArrayList<>(trees.getOrDefault(orgId + "/" + treeId, Map.of()).values());
    }
}
