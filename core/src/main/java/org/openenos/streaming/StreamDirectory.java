package org.openenos.streaming;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What stream jobs read from the registry: an asset's time zone (daily energy), its attributes (calculated
 * points) and the nodes of an asset tree
 * (roll-ups). Every call names the organization; an asset or tree of another organization is unknown.
 */
public interface StreamDirectory {
    /** A directory that knows no asset and no tree: every asset is in UTC. */
    StreamDirectory NONE = new StreamDirectory() {
        @Override
        public String timezone(String orgId, String assetId) {
            return null;
        }

        @Override
        public List<TreeNode> treeNodes(String orgId, String treeId) {
            return List.of();
        }
    };

    /** The asset's time zone as the registry keeps it ({@code +08:00} or {@code Europe/Berlin}); null if unknown. */
    String timezone(String orgId, String assetId);

    /**
     * The asset's attributes as the registry keeps them (calculated points read them as {@code $attr{id}}); empty
     * when the asset is unknown.
     */
    default Map<String, Object> attributes(String orgId, String assetId) {
        return Map.of();
    }

    /** Every node of the tree with its asset's model; empty when the organization has no such tree. */
    List<TreeNode> treeNodes(String orgId, String treeId);

    /** A node of a tree: its asset, its parent's asset (null for the root) and the model of its asset. */
    record TreeNode(String assetId, String parentAssetId, String modelId) implements Serializable {
    }
}
