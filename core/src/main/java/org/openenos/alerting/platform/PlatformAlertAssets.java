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
    /** Objects no longer seen for this long (a deleted job, a group that went away) are forgotten. */
    private static final long FORGET_AFTER_MILLIS = 3_600_000;
    private record Seen(AssetFacts facts, long at) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    public PlatformAlertAssets(AlertAssets registry) {
        this.registry = registry;
    }

    void seen(PlatformSample sample, long now) {
        seen.put(sample.orgId() + '\u0000' + sample.assetId(), new Seen(new AssetFacts(sample.orgId(),
                sample.assetId(), sample.modelId(), "/" + sample.modelId(), StringI18n.of(sample.name()), "UTC",
                Map.of(), List.of()), now));
    }

    void forgetStale(long now) {
        seen.values().removeIf(s -> now - s.at() > FORGET_AFTER_MILLIS);
    }

    @Override
    public Optional<AssetFacts> asset(String orgId, String assetId) {
        Seen platform = seen.get(orgId + '\u0000' + assetId);
        return platform != null ? Optional.of(platform.facts()) : registry.asset(orgId, assetId);
    }

    @Override
    public Optional<ThingModel> model(String orgId, String modelId) {
        return PlatformModels.isPlatformModel(modelId) ? PlatformModels.model(orgId, modelId)
                : registry.model(orgId, modelId);
    }
}
