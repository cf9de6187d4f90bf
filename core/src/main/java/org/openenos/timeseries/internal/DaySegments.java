package org.openenos.timeseries.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Daily windows (interval 1440) in an asset's timezone: one local calendar day each, so 23 or 25 hours long on a
 * daylight-saving change. The store aggregates equal-width windows, so the range is cut into segments of days of
 * the same length: a year in a zone with daylight saving is five segments, a zone without it one.
 */
public final class DaySegments {
    private DaySegments() {
    }

    /** {@code [from, to)} holding windows of {@code width} ms aligned to {@code from}. */
    public record Segment(long from, long to, long width) {
    }

    public static List<Segment> of(long start, long end, ZoneId zone) {
        var segments = new ArrayList<Segment>();
        ZonedDateTime first = Instant.ofEpochMilli(start).atZone(zone);
        long segmentStart = start, width = -1, cursor = start;
        for (int day = 1; cursor < end; day++) {
            long next = first.plusDays(day).toInstant().toEpochMilli();
            if (next - cursor != width) {
                if (width > 0) {
                    segments.add(new Segment(segmentStart, cursor, width));
                }
                segmentStart = cursor;
                width = next - cursor;
            }
            cursor = next;
        }
        if (width > 0) {
            segments.add(new Segment(segmentStart, Math.min(cursor, end), width));
        }
        return segments;
    }
}
