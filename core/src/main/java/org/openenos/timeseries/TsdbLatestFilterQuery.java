package org.openenos.timeseries;

import java.util.List;

/**
 * A {@code latest/filter} request: the latest value of one point for several assets, kept when it satisfies
 * {@code operator} ({@code eq, nq, gt, lt, ge, le, between, in}) with {@code valueFilter} (one value, two for
 * {@code between}, several for {@code in}, comma-separated) and, with {@code timeWindow} minutes, is recent enough.
 */
public record TsdbLatestFilterQuery(String orgId, List<String> assetIds, String pointId, String operator,
                                    String valueFilter, Integer timeWindow, boolean withLocalTime,
                                    boolean localTimeAccuracy) {
    public TsdbLatestFilterQuery {
        assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
    }
}
