package org.openenos.rest.tsdb;

import org.openenos.timeseries.TsdbDurationQuery;
import org.openenos.timeseries.TsdbQuery;

/**
 * JSON body of {@code di/duration}; {@code status} is a comma-separated list of states to keep, {@code ifWithUnknown}
 * defaults to true. {@code localTimeFormat} and {@code itemFormat} are accepted for compatibility: a duration item
 * has no local time and one shape.
 */
public record TsdbDurationBody(String modelId, String assetIds, String pointIds, String startTime, String endTime,
                               String status, Boolean ifWithUnknown, Integer localTimeFormat, Integer itemFormat) {

    TsdbDurationQuery toQuery(String orgId) {
        return new TsdbDurationQuery(orgId, TsdbQuery.ids(assetIds), TsdbQuery.ids(pointIds), startTime, endTime,
                TsdbQuery.ids(status), !Boolean.FALSE.equals(ifWithUnknown));
    }
}
