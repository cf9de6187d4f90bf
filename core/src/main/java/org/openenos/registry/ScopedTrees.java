package org.openenos.registry;

import java.util.List;
import org.openenos.model.AssetTree;
import org.openenos.model.identity.AssetScope;

/**
 * The asset trees a caller scoped to nodes of trees may browse: those holding one of its nodes, each with the
 * topmost of its nodes there (where the caller's part of the tree starts). Found in the query, not after it.
 */
public interface ScopedTrees {
    /** A tree and the caller's roots in it, in path order; none of them lies below another. */
    record ScopedTree(AssetTree tree, List<String> scopeRootAssetIds) {
        public ScopedTree {
            scopeRootAssetIds = List.copyOf(scopeRootAssetIds);
        }
    }

    /** The trees of the organization holding a node of {@code scope} (which is not the whole organization). */
    List<ScopedTree> list(String orgId, AssetScope scope);
}
