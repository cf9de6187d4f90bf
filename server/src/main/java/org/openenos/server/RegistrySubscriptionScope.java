package org.openenos.server;

import java.util.Set;
import java.util.stream.Collectors;
import org.openenos.alerting.AlertAssets;
import org.openenos.registry.AssetTreeService;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.subscription.SubscriptionScope;

/**
 * What subscriptions need from the registry, through the alert engine's cached asset facts (the tree paths of an
 * asset are looked up once per cache period, not per record).
 */
final class RegistrySubscriptionScope implements SubscriptionScope {
    private final AlertAssets assets;
    private final AssetTreeService trees;
    private final RegistryDeviceDirectory directory;

    RegistrySubscriptionScope(AlertAssets assets, AssetTreeService trees, RegistryDeviceDirectory directory) {
        this.assets = assets;
        this.trees = trees;
        this.directory = directory;
    }

    @Override
    public boolean assetExists(String orgId, String assetId) {
        return assets.asset(orgId, assetId).isPresent();
    }

    @Override
    public boolean modelExists(String orgId, String modelId) {
        return directory.model(orgId, modelId).isPresent();
    }

    @Override
    public boolean treeExists(String orgId, String treeId) {
        try {
            trees.get(orgId, treeId);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Set<String> treesOf(String orgId, String assetId) {
        return assets.asset(orgId, assetId).map(f -> f.paths().stream()
                .map(path -> path.substring(0, Math.max(0, path.indexOf(':'))))
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
    }
}
