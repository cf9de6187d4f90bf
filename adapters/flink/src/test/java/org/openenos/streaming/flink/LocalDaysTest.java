package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalDaysTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long HOUR = 3_600_000;

    private static long at(int month, int day, int hour, int minute, ZoneId zone) {
        return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, zone).toInstant().toEpochMilli();
    }

    private static Map<Long, Double> split(long from, long to, double energy, ZoneId zone) throws Exception {
        var shares = new LinkedHashMap<Long, Double>();
        LocalDays.split(from, to, energy, zone, (start, end, share) -> shares.merge(start, share, Double::sum));
        return shares;
    }

    @Test
    void localDaysAreTwentyThreeAndTwentyFiveHoursLongAcrossDaylightSavingChanges() {
        long spring = LocalDays.startOf(at(3, 29, 12, 0, BERLIN), BERLIN);
        assertThat(spring).isEqualTo(at(3, 29, 0, 0, BERLIN));
        assertThat(LocalDays.next(spring, BERLIN) - spring).isEqualTo(23 * HOUR);
        long autumn = LocalDays.startOf(at(10, 25, 12, 0, BERLIN), BERLIN);
        assertThat(LocalDays.next(autumn, BERLIN) - autumn).isEqualTo(25 * HOUR);
    }

    @Test
    void aDayStartsAtItsFirstInstantWhereMidnightDoesNotExist() {
        ZoneId havana = ZoneId.of("America/Havana"); // clocks jump from 00:00 to 01:00 on 8 March 2026
        long start = LocalDays.startOf(at(3, 8, 12, 0, havana), havana);
        assertThat(start).isEqualTo(at(3, 8, 1, 0, havana));
    }

    @Test
    void theEnergyOfAnIntervalIsSplitOverTheDaysInProportionToTime() throws Exception {
        assertThat(split(at(6, 1, 23, 50, BERLIN), at(6, 2, 0, 10, BERLIN), 1, BERLIN))
                .containsOnlyKeys(at(6, 1, 0, 0, BERLIN), at(6, 2, 0, 0, BERLIN))
                .allSatisfy((day, share) -> assertThat(share).isCloseTo(0.5, within(1e-12)));
        // a reading exactly at midnight closes the day before it
        assertThat(split(at(6, 1, 22, 0, BERLIN), at(6, 2, 0, 0, BERLIN), 4, BERLIN))
                .containsExactly(Map.entry(at(6, 1, 0, 0, BERLIN), 4.0));
        // a gap of 47 h from Saturday noon to Monday noon: 12 h on Saturday, the whole 23-hour Sunday, 12 h on Monday
        var shares = split(at(3, 28, 12, 0, BERLIN), at(3, 30, 12, 0, BERLIN), 47, BERLIN);
        assertThat(shares.get(at(3, 28, 0, 0, BERLIN))).isCloseTo(12.0, within(1e-9));
        assertThat(shares.get(at(3, 29, 0, 0, BERLIN))).isCloseTo(23.0, within(1e-9));
        assertThat(shares.get(at(3, 30, 0, 0, BERLIN))).isCloseTo(12.0, within(1e-9));
    }
}
