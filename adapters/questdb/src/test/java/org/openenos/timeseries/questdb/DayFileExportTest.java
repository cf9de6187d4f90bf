package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.parquet.SeriesDayFile;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesStore.AppendMode;

/** A day of the raw table written as a series-ordered day file holds what the store answers for it (ADR 0134). */
class DayFileExportTest {
    static final long T0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    @Test
    void theDayFileHoldsEachSeriesOfTheDayAsTheStoreAnswersItWithRepeatsReplaced() throws Exception {
        try (var store = QuestDbTimeSeriesStore.open(dir.resolve("store"))) {
            store.append(List.of(v("a1", "temp", T0, 21.5), v("a1", "temp", T0 + 10_000, 21.75),
                    v("a1", "state", T0, "open"), v("a2", "temp", T0 + 5_000, Math.PI),
                    v("a1", "temp", T0 + DAY, 99.0)), AppendMode.NEW);
            store.append(List.of(v("a1", "temp", T0 + 10_000, 22.0)), AppendMode.NEW); // replaces 21.75

            Path file = dir.resolve("2024-03-01.parquet");
            assertThat(store.exportDay(LocalDate.of(2024, 3, 1), file)).isEqualTo(3);

            for (var key : List.of(new SeriesKey("o1", "a1", "temp"), new SeriesKey("o1", "a1", "state"),
                    new SeriesKey("o1", "a2", "temp"))) {
                var stored = store.range(key, T0, T0 + DAY, 100, false);
                var inFile = SeriesDayFile.read(file, key.orgId(), key.assetId(), key.pointId(), T0, T0 + DAY);
                assertThat(inFile).extracting(SeriesDayFile.Value::time)
                        .containsExactlyElementsOf(stored.stream().map(MeasurePointValue::time).toList());
                assertThat(inFile).extracting(f -> ValueColumns.value(f.kind(), f.num(), f.text()))
                        .containsExactlyElementsOf(stored.stream().map(MeasurePointValue::value).toList());
            }
            assertThat(SeriesDayFile.read(file, "o1", "a1", "temp", T0, T0 + DAY))
                    .extracting(SeriesDayFile.Value::num).containsExactly(21.5, 22.0);
        }
    }

    private static MeasurePointValue v(String asset, String point, long time, Object value) {
        return new MeasurePointValue("o1", "m1", asset, point, time, value, null);
    }
}
