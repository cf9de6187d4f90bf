package org.openenos.batch;

import java.util.List;
import java.util.Map;

/** The asset metadata of one organization as SQL sees it: its assets and the measure points of their models. */
public interface OrgCatalog {
    record AssetRow(String assetId, String name, String modelId, String timezone, boolean device,
                    Map<String, Object> attributes) {
    }

    List<AssetRow> assets(String orgId);

    /** Measure point ids of the model (with inherited ones), as the organization sees it. */
    List<String> measurePoints(String orgId, String modelId);
}
