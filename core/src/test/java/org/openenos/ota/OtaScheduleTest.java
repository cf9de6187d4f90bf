package org.openenos.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OtaScheduleTest {
    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aOneOffWindowAllowsPushesBetweenItsBoundsOnly() {
        OtaSchedule once = new OtaSchedule(at("2026-03-01T10:00:00Z"), at("2026-03-01T12:00:00Z"), false, 0);

        assertThat(once.allows(Instant.parse("2026-03-01T09:59:59Z"))).isFalse();
        assertThat(once.allows(Instant.parse("2026-03-01T10:00:00Z"))).isTrue();
        assertThat(once.allows(Instant.parse("2026-03-01T12:00:00Z"))).isFalse();
        assertThat(once.over(Instant.parse("2026-03-01T12:00:00Z"))).isTrue();
    }

    @Test
    void aDailyWindowRepeatsInItsOwnOffsetAndMayRunPastMidnight() {
        // 22:00–02:00 at UTC+08:00, from 1 March on
        OtaSchedule nightly = new OtaSchedule(at("2026-03-01T14:00:00Z"), at("2026-03-01T18:00:00Z"), true, 480);

        assertThat(nightly.allows(Instant.parse("2026-03-05T15:30:00Z"))).as("23:30 local").isTrue();
        assertThat(nightly.allows(Instant.parse("2026-03-05T17:59:00Z"))).as("01:59 local").isTrue();
        assertThat(nightly.allows(Instant.parse("2026-03-05T18:00:00Z"))).as("02:00 local").isFalse();
        assertThat(nightly.allows(Instant.parse("2026-03-05T04:00:00Z"))).as("noon local").isFalse();
        assertThat(nightly.allows(Instant.parse("2026-02-27T15:30:00Z"))).as("before the first day").isFalse();
        assertThat(nightly.over(Instant.parse("2027-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> new OtaSchedule(at("2026-03-01T12:00:00Z"), at("2026-03-01T10:00:00Z"), false, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
