package org.openenos.rest.tsdb;

import org.openenos.timeseries.TsdbCurrentDayQuery;
import org.openenos.timeseries.TsdbQuery;

/** JSON body of {@code electric-power/current-day}. */
public record TsdbCurrentDayBody(String modelId, String assetIds, String pointIds, Boolean localTimeAccuracy,
                                 Integer localTimeFormat, Integer itemFormat) {

    TsdbCurrentDayQuery toQuery(String orgId) {
        return new TsdbCurrentDayQuery(orgId, TsdbQuery.ids(assetIds), TsdbQuery.ids(pointIds),
                Boolean.TRUE.equals(localTimeAccuracy), localTimeFormat == null ? 0 : localTimeFormat,
                itemFormat == null ? 0 : itemFormat);
    }
}
