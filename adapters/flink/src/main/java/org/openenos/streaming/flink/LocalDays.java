package org.openenos.streaming.flink;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Local calendar days of a time zone as epoch-millisecond intervals {@code [start, end)}: 23 or 25 hours long on a
 * daylight-saving change, and starting at the first instant of the date where midnight does not exist.
 */
final class LocalDays {
    private LocalDays() {
    }

    /** Start of the local day containing {@code time}. */
    static long startOf(long time, ZoneId zone) {
        return Instant.ofEpochMilli(time).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** Start of the local day after the one starting at {@code dayStart}. */
    static long next(long dayStart, ZoneId zone) {
        return Instant.ofEpochMilli(dayStart).atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant()
                .toEpochMilli();
    }

    /** Receives the part of an interval's energy that falls in one local day. */
    interface DayShare {
        void add(long dayStart, long dayEnd, double energy) throws Exception;
    }

    /**
     * Splits the energy of the interval {@code (from, to]} over the local days it overlaps, in proportion to the
     * time in each: the consumption between two readings on either side of midnight is taken as even, so each day
     * gets its part (the midnight split). A reading exactly at midnight closes the day before it.
     */
    static void split(long from, long to, double energy, ZoneId zone, DayShare share) throws Exception {
        long length = to - from;
        for (long start = startOf(from, zone); start < to; ) {
            long end = next(start, zone);
            long overlap = Math.min(to, end) - Math.max(from, start);
            if (overlap > 0) {
                share.add(start, end, energy * overlap / length);
            }
            start = end;
        }
    }
}
