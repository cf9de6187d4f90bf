package org.openenos.timeseries;

import java.util.List;

/**
 * A {@code latest} request (also the body of {@code latest?action=delete}); {@code timeWindow} in minutes keeps only
 * values newer than now minus the window.
 */
public record TsdbLatestQuery(String orgId, List<String> assetIds, List<String> pointIds, Integer timeWindow,
                              boolean withLocalTime) {
    public TsdbLatestQuery {
        assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
        pointIds = pointIds == null ? List.of() : List.copyOf(pointIds);
    }
}
