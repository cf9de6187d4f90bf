package org.openenos.model;

/** The place of one asset in one tree; {@code parentAssetId} is null for the root. Depth 1 is the root. */
public record AssetNode(String treeId, String assetId, String parentAssetId, int depth, String path) {
}
