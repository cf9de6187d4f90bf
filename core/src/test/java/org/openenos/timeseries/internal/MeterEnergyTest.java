package org.openenos.timeseries.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openenos.timeseries.AggregateBucket;
import org.openenos.timeseries.AggregateFunction;

class MeterEnergyTest {
    static final long MIN = 60_000;

    @Test
    void energyIsTheIncreaseOfTheReadingAndAResetCountsTheNewReadingFromZero() {
        var readings = List.of(b(0, 105), b(1, 112), b(5, 120), b(6, 3), b(7, 8));
        assertThat(MeterEnergy.deltas(100.0, readings)).containsExactly(b(0, 5), b(1, 7), b(5, 8), b(6, 3), b(7, 5));
        assertThat(MeterEnergy.deltas(null, readings)).extracting(AggregateBucket::windowStart)
                .containsExactly(MIN, 5 * MIN, 6 * MIN, 7 * MIN);
    }

    @Test
    void minuteEnergiesAggregateIntoWindowsAlignedToTheStart() {
        var energies = List.of(b(0, 5), b(1, 7), b(5, 8), b(6, 3));
        assertThat(MeterEnergy.windows(energies, MeterReadings.fixedWindows(0, 5), AggregateFunction.SUM))
                .containsExactly(b(0, 12), b(5, 11));
        assertThat(MeterEnergy.windows(energies, MeterReadings.fixedWindows(0, 5), AggregateFunction.MAX))
                .containsExactly(b(0, 7), b(5, 8));
        assertThat(MeterEnergy.total(energies)).isEqualTo(23);
    }

    @Test
    void localDayWindowsFollowTheCalendarAcrossDaylightSaving() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        long mar30 = Instant.parse("2024-03-29T23:00:00Z").toEpochMilli();
        long mar31 = Instant.parse("2024-03-30T23:00:00Z").toEpochMilli();
        long apr1 = Instant.parse("2024-03-31T22:00:00Z").toEpochMilli();
        var days = MeterReadings.localDays(mar30, berlin);
        assertThat(days.applyAsLong(mar31 - 1)).isEqualTo(mar30);
        assertThat(days.applyAsLong(mar31)).isEqualTo(mar31);
        assertThat(days.applyAsLong(apr1 - 1)).isEqualTo(mar31);
        assertThat(days.applyAsLong(apr1)).isEqualTo(apr1);
    }

    private static AggregateBucket b(long minute, double value) {
        return new AggregateBucket(minute * MIN, value);
    }
}
