package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.protocol.PlainJson;
import org.openenos.streaming.StreamDirectory;

/**
 * The records of the directory topic (ADR 0129): what cluster-mode stream jobs read from the registry, one record per
 * asset (its time zone and attributes) and per asset tree (its nodes), keyed by kind, organization and id. The topic
 * is compacted, so it keeps the newest record of every key; a deleted asset or tree is a tombstone (no value).
 */
final class DirectoryEntries {
    private static final char SEP = '\n';

    private DirectoryEntries() {
    }

    static String assetKey(String orgId, String assetId) {
        return "asset" + SEP + orgId + SEP + assetId;
    }

    static String treeKey(String orgId, String treeId) {
        return "tree" + SEP + orgId + SEP + treeId;
    }

    static String assetValue(String timezone, Map<String, Object> attributes) {
        var value = new LinkedHashMap<String, Object>();
        value.put("timezone", timezone);
        value.put("attributes", attributes == null ? Map.of() : attributes);
        return PlainJson.write(value);
    }

    static String treeValue(List<StreamDirectory.TreeNode> nodes) {
        var rows = new ArrayList<Map<String, Object>>();
        for (StreamDirectory.TreeNode n : nodes) {
            var row = new LinkedHashMap<String, Object>();
            row.put("assetId", n.assetId());
            row.put("parentAssetId", n.parentAssetId());
            row.put("modelId", n.modelId());
            rows.add(row);
        }
        return PlainJson.write(Map.of("nodes", rows));
    }

    /** An asset record as read: its time zone (null if none) and attributes. */
    record AssetEntry(String timezone, Map<String, Object> attributes) {
    }

    @SuppressWarnings("unchecked")
    static AssetEntry readAsset(String json) {
        var value = (Map<String, Object>) PlainJson.read(json);
        Object attributes = value.get("attributes");
        return new AssetEntry((String) value.get("timezone"),
                attributes instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
    }

    @SuppressWarnings("unchecked")
    static List<StreamDirectory.TreeNode> readTree(String json) {
        var value = (Map<String, Object>) PlainJson.read(json);
        var nodes = new ArrayList<StreamDirectory.TreeNode>();
        for (Object row : (List<Object>) value.getOrDefault("nodes", List.of())) {
            var n = (Map<String, Object>) row;
            nodes.add(new StreamDirectory.TreeNode((String) n.get("assetId"), (String) n.get("parentAssetId"),
                    (String) n.get("modelId")));
        }
        return List.copyOf(nodes);
    }
}
