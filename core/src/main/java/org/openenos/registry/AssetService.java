package org.openenos.registry;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.Principal;
import org.openenos.model.Asset;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingModel;
import org.openenos.security.Ids;

/** Assets: the device twins and the logical assets (sites, lines) that asset trees are built from. */
public final class AssetService {
    public record AssetInput(String modelId, StringI18n name, StringI18n desc, String timezone,
                             Map<String, Object> attributes, Map<String, String> tags) {
    }

    private final AssetStore assets;
    private final ModelService models;
    private final AuditLog audit;
    private final Clock clock;

    public AssetService(AssetStore assets, ModelService models, AuditLog audit, Clock clock) {
        this.assets = assets;
        this.models = models;
        this.audit = audit;
        this.clock = clock;
    }

    public Asset get(String orgId, String assetId) {
        Asset a = assets.find(assetId).filter(x -> x.orgId().equals(orgId))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.ASSET_NOT_FOUND, "asset " + assetId));
        String path = models.resolved(orgId, a.modelId()).map(ThingModel::modelIdPath).orElse(a.modelIdPath());
        return new Asset(a.orgId(), a.assetId(), a.modelId(), path, a.name(), a.desc(), a.timezone(), a.attributes(),
                a.tags(), a.isDevice());
    }

    public List<Asset> getAll(String orgId, List<String> assetIds) {
        return assets.findAll(assetIds).stream().filter(a -> a.orgId().equals(orgId)).toList();
    }

    public Asset createLogical(Principal actor, String orgId, AssetInput in) {
        ThingModel model = models.get(orgId, require(in.modelId(), "modelId"));
        requireName(in.name());
        Timezones.parse(in.timezone());
        Asset asset = new Asset(orgId, Ids.assetId(), model.modelId(), model.modelIdPath(), in.name(), in.desc(),
                in.timezone(), DeviceService.attributes("", model, in.attributes(), true), in.tags(), false);
        assets.insertAll(List.of(asset));
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "asset.create", asset.assetId(), ""));
        return asset;
    }

    /** Updates name, description, timezone, attributes (validated against the model) and tags. */
    public Asset update(Principal actor, String orgId, String assetId, AssetInput in) {
        Asset old = get(orgId, assetId);
        ThingModel model = models.get(orgId, old.modelId());
        if (in.name() != null) {
            requireName(in.name());
        }
        if (in.timezone() != null) {
            Timezones.parse(in.timezone());
        }
        Map<String, Object> attributes = old.attributes();
        if (in.attributes() != null) {
            var merged = new java.util.LinkedHashMap<>(old.attributes());
            merged.putAll(DeviceService.attributes("", model, in.attributes(), false));
            attributes = merged;
        }
        Asset updated = new Asset(orgId, assetId, old.modelId(), old.modelIdPath(),
                in.name() == null ? old.name() : in.name(), in.desc() == null ? old.desc() : in.desc(),
                in.timezone() == null ? old.timezone() : in.timezone(), attributes,
                in.tags() == null ? old.tags() : in.tags(), old.isDevice());
        assets.update(updated);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "asset.update", assetId, ""));
        return updated;
    }

    public void deleteLogical(Principal actor, String orgId, String assetId) {
        Asset a = get(orgId, assetId);
        if (a.isDevice()) {
            throw OpenEnosException.badArgument("assetId: " + assetId + " is a device; delete the device instead");
        }
        assets.delete(assetId);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "asset.delete", assetId, ""));
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw OpenEnosException.badArgument(field + ": is required");
        }
        return value;
    }

    private static void requireName(StringI18n name) {
        if (name == null || name.defaultValue() == null || name.defaultValue().isBlank()
                || name.defaultValue().length() > 100) {
            throw OpenEnosException.badArgument("name.defaultValue: is required, at most 100 characters");
        }
    }
}
