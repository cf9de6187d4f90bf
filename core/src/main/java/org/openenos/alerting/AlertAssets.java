package org.openenos.alerting;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingModel;

/** What the alert engine needs to know about assets and models; implementations cache. */
public interface AlertAssets {
    /**
     * @param paths tree paths of the asset, as {@code treeId:/root/…/assetId}
     */
    record AssetFacts(String orgId, String assetId, String modelId, String modelIdPath, StringI18n name,
                      String timezone, Map<String, Object> attributes, List<String> paths) {
        public AssetFacts {
            attributes = attributes == null ? Map.of() : attributes;
            paths = paths == null ? List.of() : List.copyOf(paths);
        }
    }

    Optional<AssetFacts> asset(String orgId, String assetId);

    Optional<ThingModel> model(String orgId, String modelId);
}
