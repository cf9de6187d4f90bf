package org.openenos.alerting.platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.alerting.AlertAssets;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingModel;

/**
 * The registry's assets and models plus the platform's: {@link PlatformModels} in every organization, and as their
 * assets the objects the sampler has seen (so an alert names the job or consumer group it is about).
 */
public final class PlatformAlertAssets implements AlertAssets {
    private final AlertAssets registry;
    private final Map<String, AssetFacts> seen = new ConcurrentHashMap<>();

    public PlatformAlertAssets(AlertAssets registry) {
        this.registry = registry;
    }

    void seen(PlatformSample sample) {
        seen.put(sample.orgId() + '\u0000' + sample.assetId(), new AssetFacts(sample.orgId(), sample.assetId(),
                sample.modelId(), "/" + sample.modelId(), StringI18n.of(sample.name()), "UTC", Map.of(), List.of()));
    }

    @Override
    public Optional<AssetFacts> asset(String orgId, String assetId) {
        AssetFacts platform = seen.get(orgId + '\u0000' + assetId);
        return platform != null ? Optional.of(platform) : registry.asset(orgId, assetId);
    }

    @Override
    public Optional<ThingModel> model(String orgId, String modelId) {
        return PlatformModels.isPlatformModel(modelId) ? PlatformModels.model(orgId, modelId)
                : registry.model(orgId, modelId);
    }
}
