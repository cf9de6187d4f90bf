package org.openenos.registry;

import java.util.List;
import java.util.Optional;
import org.openenos.model.Asset;

/** Persistence of assets: every device's twin and the logical assets of asset trees. */
public interface AssetStore {
    void insertAll(List<Asset> assets);

    Optional<Asset> find(String assetId);

    List<Asset> findAll(List<String> assetIds);

    void update(Asset asset);

    boolean delete(String assetId);
}
