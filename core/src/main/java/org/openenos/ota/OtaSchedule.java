package org.openenos.ota;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * EnOS's {@code schedulePolicy}: pushes happen only inside the window. Once ({@code startTimestamp} to
 * {@code endTimestamp}, ms; 0 leaves that side open) or, with {@code isRepeatDaily}, every day between the same
 * times of day in the job's UTC offset. A daily window may run past midnight.
 */
public record OtaSchedule(long startTimestamp, long endTimestamp, boolean isRepeatDaily, int timezoneOffsetInMinutes) {
    public OtaSchedule {
        if (endTimestamp != 0 && endTimestamp <= startTimestamp) {
            throw new IllegalArgumentException("schedulePolicy.endTimestamp must be after startTimestamp");
        }
        if (isRepeatDaily && (startTimestamp == 0 || endTimestamp == 0)) {
            throw new IllegalArgumentException("a daily schedulePolicy needs startTimestamp and endTimestamp");
        }
        if (Math.abs(timezoneOffsetInMinutes) > 18 * 60) {
            throw new IllegalArgumentException("schedulePolicy.timezoneOffsetInMinutes must be within ±1080");
        }
    }

    public boolean allows(Instant now) {
        long ms = now.toEpochMilli();
        if (!isRepeatDaily) {
            return ms >= startTimestamp && (endTimestamp == 0 || ms < endTimestamp);
        }
        if (ms < startTimestamp) {
            return false;
        }
        LocalTime from = timeOfDay(startTimestamp);
        LocalTime to = timeOfDay(endTimestamp);
        LocalTime t = timeOfDay(ms);
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    /** A one-off window that has closed: waiting devices will not be pushed any more. */
    public boolean over(Instant now) {
        return !isRepeatDaily && endTimestamp != 0 && now.toEpochMilli() >= endTimestamp;
    }

    private LocalTime timeOfDay(long ms) {
        return Instant.ofEpochMilli(ms).atOffset(ZoneOffset.ofTotalSeconds(timezoneOffsetInMinutes * 60))
                .toLocalTime();
    }
}
