package org.openenos.timeseries.internal;

import java.util.List;

/** Argument limits of the TSDB Data Service v2.1; every violation is an 80400 that says what to change. */
public final class TsdbLimits {
    public static final int DEFAULT_PAGE_SIZE = 1000;
    public static final int MAX_SERIES = 3000;
    public static final long MAX_VALUES = 640_000;
    public static final int MAX_INTERVAL_MINUTES = 1440;

    private TsdbLimits() {
    }

    /** Checks ids, formats and the page budget; returns the page size to use. */
    public static int check(List<String> assetIds, int points, Integer pageSize, int itemFormat, int localTimeFormat) {
        if (assetIds.isEmpty()) {
            throw TsdbTime.bad("assetIds is required");
        }
        if (points == 0) {
            throw TsdbTime.bad("pointIds is required");
        }
        long series = (long) assetIds.size() * points;
        if (series > MAX_SERIES) {
            throw TsdbTime.bad("devices x points is " + series + "; at most " + MAX_SERIES + " per request");
        }
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
        if (size < 1) {
            throw TsdbTime.bad("pageSize must be at least 1");
        }
        if (series * size > MAX_VALUES) {
            throw TsdbTime.bad("devices x points x pageSize is " + series * size + "; at most " + MAX_VALUES
                    + ": lower pageSize or ask for fewer devices or points");
        }
        if (itemFormat < 0 || itemFormat > 2) {
            throw TsdbTime.bad("itemFormat must be 0, 1 or 2");
        }
        if (localTimeFormat < 0 || localTimeFormat > 1) {
            throw TsdbTime.bad("localTimeFormat must be 0 or 1");
        }
        return size;
    }

    public static void checkRange(long start, long end) {
        if (end < start) {
            throw TsdbTime.bad("endTime is before startTime");
        }
    }

    public static void checkSameFormat(String startTime, String endTime) {
        if (TsdbTime.isLocal(startTime) != TsdbTime.isLocal(endTime)) {
            throw TsdbTime.bad("startTime and endTime must both be local time or both be UTC with an offset");
        }
    }
}
