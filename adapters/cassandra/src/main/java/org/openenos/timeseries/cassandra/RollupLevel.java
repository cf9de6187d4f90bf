package org.openenos.timeseries.cassandra;

/**
 * Rollup resolutions, all in one table: the level and a bucket of 1,440 windows are part of the partition key, so
 * every partition holds at most 1,440 rows whatever the level. Windows are aligned to UTC epoch multiples of the
 * width, as the embedded store's.
 */
enum RollupLevel {
    MINUTE(60_000L), TEN_MINUTES(600_000L), HOUR(3_600_000L), DAY(86_400_000L);

    static final int WINDOWS_PER_BUCKET = 1440;

    final long width;

    RollupLevel(long width) {
        this.width = width;
    }

    byte code() {
        return (byte) ordinal();
    }

    long floor(long time) {
        return Math.floorDiv(time, width) * width;
    }

    int bucket(long time) {
        return (int) Math.floorDiv(time, width * WINDOWS_PER_BUCKET);
    }

    long bucketStart(int bucket) {
        return bucket * width * WINDOWS_PER_BUCKET;
    }

    /** The coarsest level whose grid holds every window {@code from + k*interval}, or null. */
    static RollupLevel forWindows(long from, long interval) {
        RollupLevel best = null;
        for (RollupLevel level : values()) {
            if (interval > 0 && interval % level.width == 0 && Math.floorMod(from, level.width) == 0) {
                best = level;
            }
        }
        return best;
    }
}
