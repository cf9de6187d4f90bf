package org.openenos.streaming;

import java.util.List;
import java.util.Map;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.registry.AssetService;
import org.openenos.registry.AssetTreeService;

/** The registry as stream jobs see it: look-ups scoped to the job's organization, unknown ids answered as unknown. */
public final class RegistryStreamDirectory implements StreamDirectory {
    private final AssetService assets;
    private final AssetTreeService trees;

    public RegistryStreamDirectory(AssetService assets, AssetTreeService trees) {
        this.assets = assets;
        this.trees = trees;
    }

    @Override
    public String timezone(String orgId, String assetId) {
        try {
            return assets.get(orgId, assetId).timezone();
        } catch (OpenEnosException e) {
            if (e.code() == ErrorCode.ASSET_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public Map<String, Object> attributes(String orgId, String assetId) {
        try {
            return assets.get(orgId, assetId).attributes();
        } catch (OpenEnosException e) {
            if (e.code() == ErrorCode.ASSET_NOT_FOUND) {
                return Map.of();
            }
            throw e;
        }
    }

    @Override
    public List<TreeNode> treeNodes(String orgId, String treeId) {
        try {
            return trees.subtree(orgId, treeId, null).stream()
                    .map(v -> new TreeNode(v.node().assetId(), v.node().parentAssetId(), v.asset().modelId()))
                    .toList();
        } catch (OpenEnosException e) {
            if (e.code() == ErrorCode.TREE_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }
}
