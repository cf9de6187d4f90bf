package org.openenos.rest.tsdb;

import org.openenos.timeseries.TsdbQuery;

/**
 * JSON body of {@code raw}, {@code ai}, {@code di} and {@code generic}; ids are comma-separated as in EnOS.
 * {@code pageToken} is the token of the previous page's answer (absent for the first page).
 */
public record TsdbRawBody(String modelId, String assetIds, String pointIds, String startTime, String endTime,
                          Integer pageSize, String orderBy, Boolean withQuality, Boolean localTimeAccuracy,
                          Integer localTimeFormat, Integer itemFormat, String pageToken) {

    TsdbQuery toQuery(String orgId) {
        return new TsdbQuery(orgId, modelId, TsdbQuery.ids(assetIds), TsdbQuery.ids(pointIds), startTime, endTime,
                pageSize, orderBy, Boolean.TRUE.equals(withQuality), Boolean.TRUE.equals(localTimeAccuracy),
                localTimeFormat == null ? 0 : localTimeFormat, itemFormat == null ? 0 : itemFormat, pageToken);
    }
}
