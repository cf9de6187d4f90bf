package org.openenos.rest.tsdb;

import org.openenos.timeseries.TsdbAggregateQuery;
import org.openenos.timeseries.TsdbQuery;

/** JSON body of {@code ai-normalized} and {@code electric-power}. */
public record TsdbNormalizedBody(String assetIds, String pointIdsWithLogic, Integer interval, String startTime,
                                 String endTime, Integer pageSize, Boolean localTimeAccuracy, Integer localTimeFormat,
                                 Integer itemFormat) {

    TsdbAggregateQuery toQuery(String orgId) {
        return new TsdbAggregateQuery(orgId, TsdbQuery.ids(assetIds), pointIdsWithLogic, interval, startTime,
                endTime, pageSize, Boolean.TRUE.equals(localTimeAccuracy),
                localTimeFormat == null ? 0 : localTimeFormat, itemFormat == null ? 0 : itemFormat);
    }
}
