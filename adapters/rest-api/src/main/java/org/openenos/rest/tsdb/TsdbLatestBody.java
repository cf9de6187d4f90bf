package org.openenos.rest.tsdb;

import org.openenos.timeseries.TsdbLatestQuery;
import org.openenos.timeseries.TsdbQuery;

/** JSON body of {@code latest} and {@code latest?action=delete}. */
public record TsdbLatestBody(String assetIds, String pointIds, Integer timeWindow, Boolean ifWithLocalTime) {

    TsdbLatestQuery toQuery(String orgId) {
        return new TsdbLatestQuery(orgId, TsdbQuery.ids(assetIds), TsdbQuery.ids(pointIds), timeWindow,
                Boolean.TRUE.equals(ifWithLocalTime));
    }
}
