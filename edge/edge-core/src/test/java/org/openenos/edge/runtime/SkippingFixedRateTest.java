package org.openenos.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SkippingFixedRateTest {

    @Test
    void a_run_that_overran_several_periods_is_followed_by_the_next_tick_ahead_not_by_the_missed_ones() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        List<Long> runs = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        try {
            // 50 ms period; the second run hangs 600 ms (a field outage) = 12 missed cycles.
            SkippingFixedRate schedule = SkippingFixedRate.start(scheduler, () -> {
                runs.add(System.nanoTime());
                if (calls.incrementAndGet() == 2) {
                    sleep(600);
                }
            }, 50);
            Thread.sleep(1_000);
            schedule.cancel();
        } finally {
            scheduler.shutdownNow();
        }
        // Nothing replayed: no two runs within a fraction of the period of each other.
        for (int i = 1; i < runs.size(); i++) {
            long gapMillis = TimeUnit.NANOSECONDS.toMillis(runs.get(i) - runs.get(i - 1));
            assertThat(gapMillis).as("gap before run %d", i).isGreaterThanOrEqualTo(20);
        }
        // About 1000 ms minus the 600 ms stall at 50 ms per cycle, never the 20 a catch-up would give.
        assertThat(runs.size()).isBetween(5, 14);
    }

    @Test
    void the_next_tick_is_the_first_grid_point_strictly_after_now() {
        assertThat(SkippingFixedRate.nextTick(1_000, 100, 1_000)).isEqualTo(1_100);
        assertThat(SkippingFixedRate.nextTick(1_000, 100, 1_099)).isEqualTo(1_100);
        assertThat(SkippingFixedRate.nextTick(1_000, 100, 1_100)).isEqualTo(1_200);
        assertThat(SkippingFixedRate.nextTick(1_000, 100, 3_750)).isEqualTo(3_800);
        assertThat(SkippingFixedRate.nextTick(1_000, 100, 900)).isEqualTo(1_000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
