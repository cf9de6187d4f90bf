package org.openenos.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openenos.model.Asset;
import org.openenos.model.MeasurePointValue;
import org.openenos.registry.AssetService;
import org.openenos.streaming.DryRun;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * Stored history for dry runs: assets of the organization from the registry, values from the time-series store.
 * Numbers are read as they are, booleans as 0/1 (as the live job reads them); other values are not inputs.
 */
final class StoredHistory implements DryRun.History {
    private final AssetService assets;
    private final TimeSeriesStore store;

    StoredHistory(AssetService assets, TimeSeriesStore store) {
        this.assets = assets;
        this.store = store;
    }

    @Override
    public Optional<String> modelOf(String orgId, String assetId) {
        return assets.getAll(orgId, List.of(assetId)).stream().findFirst().map(Asset::modelId);
    }

    @Override
    public List<DryRun.Sample> read(String orgId, String assetId, String modelId, String pointId, long from, long to,
                                    int limit) {
        var result = new ArrayList<DryRun.Sample>();
        for (MeasurePointValue v : store.range(new SeriesKey(orgId, assetId, pointId), from, to, limit, false)) {
            Double number = switch (v.value()) {
                case Number n -> n.doubleValue();
                case Boolean b -> b ? 1.0 : 0.0;
                case null, default -> null;
            };
            if (number != null) {
                result.add(new DryRun.Sample(assetId, modelId, pointId, v.time(), number));
            }
        }
        return result;
    }
}
