package org.openenos.timeseries.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TsdbTimeTest {

    @Test
    void localTimesAreFormattedExactlyAsTheDocumentedPatternsInEveryZoneAndOffset() {
        var patterns = List.of("yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ssxxx",
                "yyyy-MM-dd HH:mm:ss.SSSxxx");
        var zones = List.of("UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns", "Asia/Shanghai",
                "Pacific/Chatham", "Europe/Amsterdam");
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            // From 1900 (Amsterdam had a seconds offset then) to 2100, including negative epoch times.
            long time = -2_208_988_800_000L + (long) (random.nextDouble() * 6_311_433_600_000L);
            ZoneId zone = ZoneId.of(zones.get(i % zones.size()));
            for (int p = 0; p < patterns.size(); p++) {
                String expected = DateTimeFormatter.ofPattern(patterns.get(p))
                        .format(Instant.ofEpochMilli(time).atZone(zone));
                assertThat(TsdbTime.format(time, zone, p % 2 == 1, p / 2)).as("%d in %s", time, zone)
                        .isEqualTo(expected);
            }
        }
    }
}
