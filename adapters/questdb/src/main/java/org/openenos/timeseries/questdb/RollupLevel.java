package org.openenos.timeseries.questdb;

/**
 * The rollup resolutions, each in its own table so that each has its own retention (whole partitions are dropped)
 * and its own partition size (about the same number of rows per partition at each level). Windows are aligned to
 * UTC epoch multiples of the width.
 */
enum RollupLevel {
    MINUTE(60_000L, "rollup_1m", "DAY"),
    TEN_MINUTES(600_000L, "rollup_10m", "MONTH"),
    HOUR(3_600_000L, "rollup_1h", "MONTH"),
    DAY(86_400_000L, "rollup_1d", "YEAR");

    /** Window width in milliseconds. */
    final long width;
    final String table;
    final String partitionBy;

    RollupLevel(long width, String table, String partitionBy) {
        this.width = width;
        this.table = table;
        this.partitionBy = partitionBy;
    }

    long floor(long time) {
        return Math.floorDiv(time, width) * width;
    }

    long ceil(long time) {
        return -Math.floorDiv(-time, width) * width;
    }

    /**
     * count/sum/min/max/first/last of the non-NaN numbers of each window, so that every aggregate function of the
     * API (avg = sum / count) can be derived and windows can be merged; {@code rev} tells a recomputed row (late
     * data) from the one it replaces: readers take the highest.
     */
    String ddl() {
        return "CREATE TABLE IF NOT EXISTS " + table + " (ts TIMESTAMP, org SYMBOL CAPACITY 256 CACHE,"
                + " asset SYMBOL CAPACITY 65536 CACHE INDEX CAPACITY 1024, point SYMBOL CAPACITY 4096 CACHE,"
                + " cnt LONG, total DOUBLE, low DOUBLE, high DOUBLE, first_v DOUBLE, last_v DOUBLE, rev LONG)"
                + " TIMESTAMP(ts) PARTITION BY " + partitionBy + " BYPASS WAL";
    }

    /**
     * Rolls up the raw values of {@code [$1, $2)} (optionally of one asset, {@code $3}). The window start is computed
     * with integer arithmetic on microseconds, which floors for every time after 1970.
     */
    String insertFromRaw(boolean oneAsset, long revision) {
        long micros = width * 1000;
        return "INSERT INTO " + table + " SELECT ts, org, asset, point, cnt, total, low, high, first_v, last_v, "
                + revision + " FROM (SELECT cast(cast(ts AS long) / " + micros + "L * " + micros + "L AS timestamp) ts,"
                + " org, asset, point, count() cnt, sum(num) total, min(num) low, max(num) high, first(num) first_v,"
                + " last(num) last_v FROM " + QuestDbTimeSeriesStore.TABLE + " WHERE ts >= $1 AND ts < $2"
                + (oneAsset ? " AND asset = $3" : "") + " AND num != NaN) ORDER BY ts";
    }
}
