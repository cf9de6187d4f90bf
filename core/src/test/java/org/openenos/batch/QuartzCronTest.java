package org.openenos.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class QuartzCronTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static String next(String cron, String after) {
        return QuartzCron.parse(cron).next(ZonedDateTime.parse(after), UTC).toString();
    }

    @Test
    void aDailyCronFiresOnceADayAtItsTime() {
        assertThat(next("0 30 1 * * ? *", "2026-03-01T01:30:00Z")).isEqualTo("2026-03-02T01:30Z[UTC]");
        assertThat(next("59 59 23 * * ? *", "2026-12-31T23:59:59Z")).isEqualTo("2027-01-01T23:59:59Z[UTC]");
    }

    @Test
    void stepsListsAndDaysOfWeekAreUnderstood() {
        assertThat(next("0 0/15 * * * ?", "2026-03-01T10:14:00Z")).isEqualTo("2026-03-01T10:15Z[UTC]");
        assertThat(next("0 0 8 ? * MON-FRI *", "2026-03-06T09:00:00Z")).as("Friday after 8").isEqualTo(
                "2026-03-09T08:00Z[UTC]");
        assertThat(next("0 0 0 1,15 * ? *", "2026-03-02T00:00:00Z")).isEqualTo("2026-03-15T00:00Z[UTC]");
    }

    @Test
    void aMalformedCronIsRefusedWithTheFieldAtFault() {
        assertThatThrownBy(() -> QuartzCron.parse("0 61 * * * ?")).hasMessageContaining("61 not in range [0, 59]");
        assertThatThrownBy(() -> QuartzCron.parse("daily")).hasMessageContaining("6 or 7 fields");
    }

    @Test
    void lastDayOfMonthAndNthWeekdayAreUnderstood() {
        assertThat(next("0 0 2 L * ? *", "2026-02-01T00:00:00Z")).isEqualTo("2026-02-28T02:00Z[UTC]");
        assertThat(next("0 0 9 ? * 2#1 *", "2026-03-03T00:00:00Z")).as("first Monday of April").isEqualTo(
                "2026-04-06T09:00Z[UTC]");
    }

    @Test
    void aDayOfMonthAndADayOfWeekTogetherAreRefusedAsQuartzDoes() {
        assertThatThrownBy(() -> QuartzCron.parse("0 0 8 1 * MON *")).hasMessageContaining("0 0 8 1 * MON *");
    }

    @Test
    void aCronWhoseYearsHavePassedNeverFiresAgain() {
        assertThat(QuartzCron.parse("0 0 0 1 1 ? 2020").next(ZonedDateTime.parse("2026-01-01T00:00:00Z"), UTC))
                .isNull();
    }
}
