package org.openenos.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemVariablesTest {
    private final SystemVariables vars = new SystemVariables(Instant.parse("2026-03-01T01:30:00Z"), ZoneId.of("UTC"),
            7, 9, Map.of("day", "${cal_dt8}"));

    @Test
    void theBusinessDateIsTheTriggerDateMinusOneDay() {
        assertThat(vars.resolve("${cal_dt} ${cal_dt8} ${ncal_dt}")).isEqualTo("2026-02-28 20260228 2026-03-01");
        assertThat(vars.resolve("${cal_dt-1}|${cal_dt+2}|${30days_cal_dt}"))
                .isEqualTo("2026-02-27|2026-03-02|2026-01-29");
    }

    @Test
    void monthWeekAndHourVariablesFollowTheBusinessDate() {
        assertThat(vars.resolve("${first_day_this_month10} ${end_day_this_month8} ${first_day_last_month8} "
                + "${last_day_last_month10} ${monday_next_week10} ${last_week8}"))
                .isEqualTo("2026-02-01 20260228 20260101 2026-01-31 2026-03-02 20260221");
        assertThat(vars.resolve("${hcal_dt8} ${cal_hr} ${this_hour} ${unix_timestamp}"))
                .isEqualTo("20260301 00 2026-03-01 01 " + Instant.parse("2026-03-01T01:30:00Z").getEpochSecond());
    }

    @Test
    void parametersAndRunIdsAreVariablesToo() {
        assertThat(vars.resolve("d=${day} i=${instance_id} t=${task_id}")).isEqualTo("d=20260228 i=7 t=9");
    }

    @Test
    void anUnknownVariableIsAnErrorNotText() {
        assertThatThrownBy(() -> vars.resolve("WHERE d = '${cal_date}'")).hasMessageContaining("${cal_date}");
    }
}
