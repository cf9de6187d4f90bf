package org.openenos.model;

import java.util.Map;

/** An asset tree: a hierarchy of at most {@value #MAX_DEPTH} levels under a root asset. */
public record AssetTree(String orgId, String treeId, StringI18n name, String rootAssetId, Map<String, String> tags) {
    public static final int MAX_DEPTH = 7;

    public AssetTree {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
