package org.openenos.subscription;

import java.util.Set;

/**
 * What the subscription context needs from the registry: whether filter ids belong to the organization (a filter
 * naming another organization's asset is refused) and which asset trees an asset is in (for tree filters).
 */
public interface SubscriptionScope {
    boolean assetExists(String orgId, String assetId);

    boolean modelExists(String orgId, String modelId);

    boolean treeExists(String orgId, String treeId);

    /** The trees the asset belongs to; implementations may cache briefly. */
    Set<String> treesOf(String orgId, String assetId);

    /** Accepts every id and knows no trees: for tests of pure delivery logic. */
    SubscriptionScope OPEN = new SubscriptionScope() {
        @Override
        public boolean assetExists(String orgId, String assetId) {
            return true;
        }

        @Override
        public boolean modelExists(String orgId, String modelId) {
            return true;
        }

        @Override
        public boolean treeExists(String orgId, String treeId) {
            return true;
        }

        @Override
        public Set<String> treesOf(String orgId, String assetId) {
            return Set.of();
        }
    };
}
