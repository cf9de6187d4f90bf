package org.openenos.timeseries;

import java.util.Arrays;
import java.util.List;

/**
 * A raw-data request of the TSDB Data Service v2.1 ({@code raw}, {@code ai}, {@code di}, {@code generic}). Times are
 * ISO 8601 with an offset, or local {@code yyyy-MM-dd HH:mm:ss[.SSS]} read in each asset's timezone. {@code pageSize}
 * is the maximum number of values per point per asset (default 1000); {@code pageToken} (null for the first page) is
 * the token a previous answer to the same request returned, to read the next page.
 */
public record TsdbQuery(String orgId, String modelId, List<String> assetIds, List<String> pointIds, String startTime,
                        String endTime, Integer pageSize, String orderBy, boolean withQuality,
                        boolean localTimeAccuracy, int localTimeFormat, int itemFormat, String pageToken) {
    public TsdbQuery {
        assetIds = assetIds == null ? List.of() : List.copyOf(assetIds);
        pointIds = pointIds == null ? List.of() : List.copyOf(pointIds);
    }

    /** A first-page request. */
    public TsdbQuery(String orgId, String modelId, List<String> assetIds, List<String> pointIds, String startTime,
                     String endTime, Integer pageSize, String orderBy, boolean withQuality,
                     boolean localTimeAccuracy, int localTimeFormat, int itemFormat) {
        this(orgId, modelId, assetIds, pointIds, startTime, endTime, pageSize, orderBy, withQuality,
                localTimeAccuracy, localTimeFormat, itemFormat, null);
    }

    /** Splits the API's comma-separated id lists, ignoring blanks and duplicates. */
    public static List<String> ids(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    public boolean descending() {
        return orderBy != null && orderBy.toLowerCase(java.util.Locale.ROOT).contains("desc");
    }
}
