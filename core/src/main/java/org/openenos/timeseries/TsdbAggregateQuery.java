package org.openenos.timeseries;

import java.util.List;

/**
 * An {@code ai-normalized} request: {@code pointIdsWithLogic} such as {@code "avg(p1),max(p2)"}, {@code interval}
 * in minutes (0–1440; 0 = no aggregation, i.e. the last value of each minute as AI Normalized storage keeps it).
 * Windows are {@code [start + k·interval, start + (k+1)·interval)} and end before {@code endTime}.
 */
public record TsdbAggregateQuery(String orgId, List<String> assetIds, String pointIdsWithLogic, Integer interval,
                                 String startTime, String endTime, Integer pageSize, boolean localTimeAccuracy,
                                 int localTimeFormat, int itemFormat) {
    public TsdbAggregateQuery {
        assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
    }
}
