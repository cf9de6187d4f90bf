package org.openenos.registry;

import java.util.Collection;
import java.util.Set;
import org.openenos.model.identity.AssetScope;

/**
 * Which assets lie within an asset scope (the nodes of asset trees a role is granted over, and everything below
 * them). Asked with many ids at once, answered by one query; lists and searches apply the same scope inside their
 * own queries instead.
 */
public interface AssetScopes {
    /** The ids of {@code assetIds} that are assets of {@code orgId} within {@code scope}. */
    Set<String> within(String orgId, AssetScope scope, Collection<String> assetIds);

    /** The asset id of a device of {@code orgId} given by its keys; null when there is none. */
    String deviceAssetId(String orgId, String productKey, String deviceKey);
}
