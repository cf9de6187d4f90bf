package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.streaming.StreamDirectory;

/** One reading of an asset tree from the registry, indexed for roll-ups: parents, children, models. */
final class TreeTopology {
    static final TreeTopology EMPTY = new TreeTopology(List.of());
    private final Set<StreamDirectory.TreeNode> nodes;
    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, String> models = new HashMap<>();

    TreeTopology(List<StreamDirectory.TreeNode> nodes) {
        this.nodes = Set.copyOf(nodes);
        for (StreamDirectory.TreeNode n : nodes) {
            models.put(n.assetId(), n.modelId());
            if (n.parentAssetId() != null) {
                parents.put(n.assetId(), n.parentAssetId());
                children.computeIfAbsent(n.parentAssetId(), p -> new ArrayList<>()).add(n.assetId());
            }
        }
    }

    boolean sameAs(TreeTopology other) {
        return nodes.equals(other.nodes);
    }

    boolean contains(String assetId) {
        return models.containsKey(assetId);
    }

    String model(String assetId) {
        return models.get(assetId);
    }

    Set<String> assets() {
        return models.keySet();
    }

    /** The nodes whose roll-up an asset's value enters: its parent, or with {@code subtree} all its ancestors. */
    List<String> rollsInto(String assetId, boolean subtree) {
        var result = new ArrayList<String>();
        var seen = new HashSet<String>();
        for (String p = parents.get(assetId); p != null && seen.add(p); p = subtree ? parents.get(p) : null) {
            result.add(p);
        }
        return result;
    }

    /** The assets a node rolls up: its children, or with {@code subtree} every asset below it. */
    List<String> scope(String assetId, boolean subtree) {
        var result = new ArrayList<String>();
        var queue = new ArrayList<>(children.getOrDefault(assetId, List.of()));
        var seen = new HashSet<String>();
        while (!queue.isEmpty()) {
            String a = queue.removeLast();
            if (!seen.add(a)) {
                continue;
            }
            result.add(a);
            if (subtree) {
                queue.addAll(children.getOrDefault(a, List.of()));
            }
        }
        return result;
    }
}
