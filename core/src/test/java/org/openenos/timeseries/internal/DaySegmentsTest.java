package org.openenos.timeseries.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DaySegmentsTest {
    static final long HOUR = 3_600_000;

    @Test
    void daysOfTheSameLengthShareASegmentAndTheSpringForwardDayHasItsOwn() {
        long march29 = Instant.parse("2024-03-28T23:00:00Z").toEpochMilli();
        long april3 = Instant.parse("2024-04-02T22:00:00Z").toEpochMilli();
        assertThat(DaySegments.of(march29, april3, ZoneId.of("Europe/Berlin"))).containsExactly(
                new DaySegments.Segment(march29, march29 + 48 * HOUR, 24 * HOUR),
                new DaySegments.Segment(march29 + 48 * HOUR, march29 + 71 * HOUR, 23 * HOUR),
                new DaySegments.Segment(march29 + 71 * HOUR, april3, 24 * HOUR));
    }

    @Test
    void aZoneWithoutDaylightSavingIsOneSegmentEndingAtTheEnd() {
        assertThat(DaySegments.of(0, 10 * 24 * HOUR + HOUR, ZoneOffset.UTC))
                .containsExactly(new DaySegments.Segment(0, 10 * 24 * HOUR + HOUR, 24 * HOUR));
    }
}
