package org.openenos.batch.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.openenos.batch.OrgCatalog;
import org.openenos.timeseries.SeriesKey;

/**
 * The series one organization's SQL may read: its assets and the measure points of their models, narrowed by the
 * asset and point values a query's filters allow. Models are resolved once per model and query, not once per asset.
 */
final class OrgSeries {
    private final String orgId;
    private final OrgCatalog catalog;
    private final Supplier<List<OrgCatalog.AssetRow>> assets;
    private final Map<String, List<String>> pointsOfModel = new ConcurrentHashMap<>();

    OrgSeries(String orgId, OrgCatalog catalog, Supplier<List<OrgCatalog.AssetRow>> assets) {
        this.orgId = orgId;
        this.catalog = catalog;
        this.assets = assets;
    }

    String orgId() {
        return orgId;
    }

    /** The organization's series whose asset is in {@code assetIds} and point in {@code pointIds} (null: any). */
    List<SeriesKey> select(Set<String> assetIds, Set<String> pointIds) {
        List<SeriesKey> series = new ArrayList<>();
        if (assetIds != null && assetIds.isEmpty() || pointIds != null && pointIds.isEmpty()) {
            return series;
        }
        for (OrgCatalog.AssetRow a : assets.get()) {
            if (assetIds != null && !assetIds.contains(a.assetId())) {
                continue;
            }
            for (String point : pointsOfModel.computeIfAbsent(a.modelId(), m -> catalog.measurePoints(orgId, m))) {
                if (pointIds == null || pointIds.contains(point)) {
                    series.add(new SeriesKey(orgId, a.assetId(), point));
                }
            }
        }
        return series;
    }
}
