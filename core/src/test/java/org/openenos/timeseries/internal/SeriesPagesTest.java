package org.openenos.timeseries.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;
import org.openenos.testkit.InMemoryTimeSeriesStore;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

class SeriesPagesTest {
    static final SeriesKey KEY = new SeriesKey("o", "a", "state");
    final InMemoryTimeSeriesStore store = new InMemoryTimeSeriesStore();
    final SeriesPages pages = new SeriesPages(store);

    @Test
    void diChangesReadPageByPageAreTheSameInBothOrders() {
        // 0 before the range; in range [100, 900]: 0 0 1 1 0 1 1 1 at 100, 200, …, 800.
        long[] times = {50, 100, 200, 300, 400, 500, 600, 700, 800};
        long[] states = {0, 0, 0, 1, 1, 0, 1, 1, 1};
        var values = new ArrayList<MeasurePointValue>();
        for (int i = 0; i < times.length; i++) {
            values.add(new MeasurePointValue("o", null, "a", "state", times[i], states[i], null));
        }
        store.append(values, AppendMode.NEW);

        assertThat(readAll(false, 2)).containsExactly(100L, 300L, 500L, 600L);
        assertThat(readAll(true, 2)).containsExactly(600L, 500L, 300L, 100L);
        assertThat(readAll(false, 100)).containsExactly(100L, 300L, 500L, 600L);
    }

    @Test
    void theStateAtTheStartIsTracedBackWhenNoValueLiesThere() {
        store.append(List.of(new MeasurePointValue("o", null, "a", "state", 50, 1L, null),
                new MeasurePointValue("o", null, "a", "state", 150, 0L, null)), AppendMode.NEW);
        var page = pages.read(KEY, 100, 200, PageCursor.START, 10, false, true, v -> true);
        assertThat(page.samples()).extracting(SeriesData.Sample::time).containsExactly(100L, 150L);
        assertThat(page.samples().getFirst().value()).isEqualTo(1L);
        assertThat(page.next()).isEqualTo(PageCursor.DONE);
    }

    private List<Long> readAll(boolean descending, int pageSize) {
        var times = new ArrayList<Long>();
        long position = PageCursor.START;
        do {
            var page = pages.read(KEY, 100, 900, position, pageSize, descending, true, v -> true);
            page.samples().forEach(s -> times.add(s.time()));
            position = page.next();
        } while (position != PageCursor.DONE);
        return times;
    }
}
