package org.openenos.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MissedFiringsTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final QuartzCron DAILY = QuartzCron.parse("0 30 1 * * ? *");
    private static final Instant RECORDED = Instant.parse("2026-03-01T01:30:00Z");

    @Test
    void aFiringFoundDueOnTimeRunsWhateverThePolicy() {
        Instant now = RECORDED.plusSeconds(2);
        for (RunPolicy.CatchUp p : RunPolicy.CatchUp.values()) {
            MissedFirings.Plan plan = MissedFirings.plan(DAILY, UTC, p, RECORDED, now);
            assertThat(plan.run()).as(p.name()).containsExactly(RECORDED);
            assertThat(plan.skipped()).isZero();
        }
    }

    @Test
    void afterThreeDaysDownLastRunsTheLatestFiringAllRunsEachAndNoneRunsNothing() {
        Instant now = Instant.parse("2026-03-04T09:00:00Z");
        MissedFirings.Plan last = MissedFirings.plan(DAILY, UTC, RunPolicy.CatchUp.LAST, RECORDED, now);
        assertThat(last.run()).containsExactly(Instant.parse("2026-03-04T01:30:00Z"));
        assertThat(last.skipped()).isEqualTo(3);
        assertThat(MissedFirings.plan(DAILY, UTC, RunPolicy.CatchUp.ALL, RECORDED, now).run()).containsExactly(
                RECORDED, Instant.parse("2026-03-02T01:30:00Z"), Instant.parse("2026-03-03T01:30:00Z"),
                Instant.parse("2026-03-04T01:30:00Z"));
        MissedFirings.Plan none = MissedFirings.plan(DAILY, UTC, RunPolicy.CatchUp.NONE, RECORDED, now);
        assertThat(none.run()).isEmpty();
        assertThat(none.skipped()).isEqualTo(4);
    }

    @Test
    void catchingUpEveryFiringKeepsTheNewestHundredOldestFirst() {
        QuartzCron everyMinute = QuartzCron.parse("0 * * * * ? *");
        MissedFirings.Plan all = MissedFirings.plan(everyMinute, UTC, RunPolicy.CatchUp.ALL, RECORDED,
                RECORDED.plusSeconds(3 * 3600));
        Instant latest = RECORDED.plusSeconds(3 * 3600);
        assertThat(all.run()).hasSize(100).startsWith(latest.minusSeconds(99 * 60)).endsWith(latest);
        assertThat(all.run()).isSorted();
        assertThat(all.skipped()).isEqualTo(181 - 100);
    }
}
