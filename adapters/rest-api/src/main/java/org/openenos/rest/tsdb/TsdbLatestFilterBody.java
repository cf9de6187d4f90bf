package org.openenos.rest.tsdb;

import org.openenos.timeseries.TsdbLatestFilterQuery;
import org.openenos.timeseries.TsdbQuery;

/** JSON body of {@code latest/filter}: one point, an operator and its comma-separated values. */
public record TsdbLatestFilterBody(String modelId, String assetIds, String pointId, String operator,
                                   String valueFilter, Integer timeWindow, Boolean ifWithLocalTime,
                                   Boolean localTimeAccuracy) {

    TsdbLatestFilterQuery toQuery(String orgId) {
        return new TsdbLatestFilterQuery(orgId, TsdbQuery.ids(assetIds), pointId, operator, valueFilter, timeWindow,
                Boolean.TRUE.equals(ifWithLocalTime), Boolean.TRUE.equals(localTimeAccuracy));
    }
}
