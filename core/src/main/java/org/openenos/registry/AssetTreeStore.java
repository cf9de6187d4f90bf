package org.openenos.registry;

import java.util.List;
import java.util.Optional;
import org.openenos.model.AssetNode;
import org.openenos.model.AssetTree;

/** Persistence of asset trees and their nodes (a materialized path per node). */
public interface AssetTreeStore {
    void insertTree(AssetTree tree, AssetNode root);

    Optional<AssetTree> findTree(String treeId);

    List<AssetTree> listTrees(String orgId);

    void updateTree(AssetTree tree);

    boolean deleteTree(String treeId);

    void insertNode(AssetNode node);

    Optional<AssetNode> findNode(String treeId, String assetId);

    List<AssetNode> children(String treeId, String parentAssetId);

    /** The node and everything below it. */
    List<AssetNode> subtree(String treeId, String assetId);

    List<AssetNode> nodes(String treeId);

    /** Moves a subtree under a new parent, rewriting paths and depths. */
    void moveSubtree(String treeId, String assetId, AssetNode newParent);

    void deleteSubtree(String treeId, String assetId);

    /** Trees in which an asset appears, as nodes. */
    List<AssetNode> nodesOfAsset(String assetId);
}
