package org.openenos.model.identity;

import java.util.List;
import java.util.Objects;

/**
 * Where a role applies: the whole organization, or the assets under some nodes of asset trees (a site, a region).
 * A node includes itself and everything below it in its tree.
 */
public record AssetScope(boolean wholeOrganization, List<Node> nodes) {
    /** A node of an asset tree: the asset {@code assetId} as placed in tree {@code treeId}. */
    public record Node(String treeId, String assetId) {
        public Node {
            if (treeId == null || treeId.isBlank() || assetId == null || assetId.isBlank()) {
                throw new IllegalArgumentException("a scope node names a treeId and an assetId");
            }
        }
    }

    public static final AssetScope ORGANIZATION = new AssetScope(true, List.of());

    public AssetScope {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        if (wholeOrganization && !nodes.isEmpty()) {
            throw new IllegalArgumentException("a scope is either the whole organization or a list of nodes");
        }
    }

    public static AssetScope of(List<Node> nodes) {
        return nodes == null || nodes.isEmpty() ? ORGANIZATION : new AssetScope(false, nodes);
    }

    /** Both scopes together: the whole organization if either is. */
    public AssetScope union(AssetScope other) {
        if (wholeOrganization || other.wholeOrganization) {
            return ORGANIZATION;
        }
        return new AssetScope(false, java.util.stream.Stream.concat(nodes.stream(), other.nodes.stream())
                .filter(Objects::nonNull).distinct().toList());
    }
}
