package org.openenos.timeseries;

import java.util.List;

/**
 * A {@code di/duration} request: how long each state of the DI points held within {@code [startTime, endTime)}.
 * {@code status} keeps only the listed states (empty: all); {@code withUnknown} (EnOS {@code ifWithUnknown}, default
 * true) includes the time whose state cannot be known as status {@code "Unknown"}.
 */
public record TsdbDurationQuery(String orgId, List<String> assetIds, List<String> pointIds, String startTime,
                                String endTime, List<String> status, boolean withUnknown) {
    public TsdbDurationQuery {
        assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
        pointIds = pointIds == null ? List.of() : List.copyOf(pointIds);
        status = status == null ? List.of() : List.copyOf(status);
    }
}
