package org.openenos.rest.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.model.Asset;

/** The asset as the EnOS asset service shows it. */
final class AssetView {
    private AssetView() {
    }

    static Map<String, Object> of(Asset a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assetId", a.assetId());
        m.put("orgId", a.orgId());
        m.put("modelId", a.modelId());
        m.put("modelIdPath", a.modelIdPath());
        m.put("name", a.name());
        m.put("desc", a.desc());
        m.put("timezone", a.timezone());
        m.put("attributes", a.attributes());
        m.put("tags", a.tags());
        m.put("label", a.isDevice() ? "0" : "1");
        return m;
    }
}
