package org.openenos.server;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.alerting.AlertAssets;
import org.openenos.model.Asset;
import org.openenos.model.ThingModel;
import org.openenos.registry.AssetService;
import org.openenos.registry.AssetTreeService;
import org.openenos.registry.RegistryDeviceDirectory;

/**
 * Asset facts for the alert engine from the registry, cached for {@code ttlMillis}: scope checks run for every
 * value of a tree-scoped rule, and a database round trip per value would dominate evaluation.
 */
final class RegistryAlertAssets implements AlertAssets {
    private record Cached(Optional<AssetFacts> facts, long at) {
    }

    private final AssetService assets;
    private final AssetTreeService trees;
    private final RegistryDeviceDirectory directory;
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    RegistryAlertAssets(AssetService assets, AssetTreeService trees, RegistryDeviceDirectory directory, Clock clock,
                        long ttlMillis) {
        this.assets = assets;
        this.trees = trees;
        this.directory = directory;
        this.clock = clock;
        this.ttlMillis = ttlMillis;
    }

    @Override
    public Optional<AssetFacts> asset(String orgId, String assetId) {
        long now = clock.millis();
        String key = orgId + '\u0000' + assetId;
        Cached c = cache.get(key);
        if (c == null || now - c.at() > ttlMillis) {
            c = new Cached(load(orgId, assetId), now);
            if (cache.size() > 100_000) {
                cache.clear();
            }
            cache.put(key, c);
        }
        return c.facts();
    }

    private Optional<AssetFacts> load(String orgId, String assetId) {
        try {
            Asset a = assets.get(orgId, assetId);
            List<String> paths = trees.placesOf(orgId, assetId).stream()
                    .map(n -> n.treeId() + ":" + n.path()).toList();
            return Optional.of(new AssetFacts(orgId, assetId, a.modelId(), a.modelIdPath(), a.name(), a.timezone(),
                    a.attributes(), paths));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ThingModel> model(String orgId, String modelId) {
        return directory.model(orgId, modelId);
    }
}
