package org.openenos.registry;

import java.util.List;
import org.openenos.model.identity.AssetScope;

/** The assets of an organization that lie within an asset scope, paged in the query (app-portal asset lists). */
public interface ScopedAssetListing {
    record Entry(String assetId, String name) {
    }

    record Page(List<Entry> assets, long total) {
    }

    Page list(String orgId, AssetScope scope, int offset, int limit);
}
