package org.openenos.timeseries.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;

class DiStatesTest {

    @Test
    void onlyValuesThatDifferFromTheStateBeforeThemAreChanges() {
        var rows = List.of(v(10, 0L), v(20, 0L), v(30, 1L), v(40, 1.0), v(50, 0L));
        assertThat(DiStates.changes(null, rows)).extracting(MeasurePointValue::time).containsExactly(10L, 30L, 50L);
        assertThat(DiStates.changes(v(5, 0L), rows)).extracting(MeasurePointValue::time).containsExactly(30L, 50L);
    }

    @Test
    void eachStateHoldsUntilTheNextValueAndTheUnknownRestIsReportedLast() {
        var tally = new DiStates.Tally(0, null);
        tally.add(100, 1L);
        tally.add(300, 0L);
        tally.add(400, 1L);
        Map<Object, Long> durations = tally.finish(600, 1000);

        assertThat(DiStates.durations(durations, List.of(), true)).containsExactly(
                Map.of("duration", 100L, "status", 0L), Map.of("duration", 400L, "status", 1L),
                Map.of("duration", 500L, "status", "Unknown"));
        assertThat(DiStates.durations(durations, List.of("1"), false)).containsExactly(
                Map.of("duration", 400L, "status", 1L));
    }

    @Test
    void theStateBeforeTheRangeCountsFromTheStart() {
        var tally = new DiStates.Tally(1000, v(10, 2L));
        tally.add(1500, 3L);
        assertThat(tally.finish(2000, 2000)).containsExactly(Map.entry(2L, 500L), Map.entry(3L, 500L));
    }

    private static MeasurePointValue v(long time, Object value) {
        return new MeasurePointValue("o", null, "a", "s", time, value, null);
    }
}
