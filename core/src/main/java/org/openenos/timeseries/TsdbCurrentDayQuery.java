package org.openenos.timeseries;

import java.util.List;

/** An {@code electric-power/current-day} request: energy of PI meter points since local midnight of each asset. */
public record TsdbCurrentDayQuery(String orgId, List<String> assetIds, List<String> pointIds,
                                  boolean localTimeAccuracy, int localTimeFormat, int itemFormat) {
    public TsdbCurrentDayQuery {
        assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
        pointIds = pointIds == null ? List.of() : List.copyOf(pointIds);
    }
}
