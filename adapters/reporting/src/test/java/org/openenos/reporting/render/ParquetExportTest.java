package org.openenos.reporting.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.parquet.ParquetColumn;
import org.openenos.parquet.ParquetRowReader;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.ExportRun;
import org.openenos.reporting.RelativePeriod;
import org.openenos.timeseries.TimeSeriesStore;

/** A Parquet export keeps each value in a column of its type, with its time as a timestamp and its quality. */
class ParquetExportTest {
    static final String ORG = "o_parquet";
    static final Instant DAY = Instant.parse("2026-12-05T00:00:00Z");
    @TempDir
    Path dataDir;
    final Clock clock = Clock.fixed(Instant.parse("2026-12-06T06:00:00Z"), ZoneOffset.UTC);

    @Test
    void rawValuesOfEveryTypeAreWrittenToTypedColumnsAndReadBack() throws Exception {
        var f = new ReportFixture(dataDir, null, clock);
        f.store.append(List.of(
                new MeasurePointValue(ORG, "m1", "meter1", "power", DAY.plusSeconds(60).toEpochMilli(), 12.5, 192),
                new MeasurePointValue(ORG, "m1", "meter1", "power", DAY.plusSeconds(120).toEpochMilli(), 13.0, null),
                new MeasurePointValue(ORG, "m1", "meter1", "count", DAY.plusSeconds(60).toEpochMilli(), 42L, null),
                new MeasurePointValue(ORG, "m1", "meter1", "state", DAY.plusSeconds(60).toEpochMilli(), "on, \"ok\"", 0),
                new MeasurePointValue(ORG, "m1", "meter1", "alarm", DAY.plusSeconds(60).toEpochMilli(), true, null)),
                TimeSeriesStore.AppendMode.NEW);
        ExportRun run = f.runner.run(ORG, ReportFixture.raw(ORG, List.of("meter1"),
                List.of("power", "count", "state", "alarm"), RelativePeriod.YESTERDAY, "UTC",
                List.of(ExportFormat.PARQUET, ExportFormat.CSV)), clock.instant());

        assertThat(run.files()).extracting(fl -> fl.name()).anyMatch(n -> n.endsWith(".parquet"));
        Path file = f.files.file(ORG, run.runId(), run.files().stream().filter(fl -> fl.name().endsWith(".parquet"))
                .findFirst().orElseThrow().name());
        List<List<ParquetColumn>> header = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        ParquetRowReader.read(file, header::add, rows::add);
        assertThat(header.getFirst()).isEqualTo(ParquetRenderer.COLUMNS);
        long t1 = DAY.plusSeconds(60).toEpochMilli();
        assertThat(rows).containsExactly(
                new Object[] {"meter1", "power", t1, 12.5, null, null, null, 192},
                new Object[] {"meter1", "power", t1 + 60_000, 13.0, null, null, null, null},
                new Object[] {"meter1", "count", t1, null, 42L, null, null, null},
                new Object[] {"meter1", "state", t1, null, null, "on, \"ok\"", null, 0},
                new Object[] {"meter1", "alarm", t1, null, null, null, true, null});
        Path csv = f.files.file(ORG, run.runId(), run.files().stream().filter(fl -> fl.name().endsWith(".csv"))
                .findFirst().orElseThrow().name());
        assertThat(Files.size(file)).isPositive();
        assertThat(Files.readString(csv)).contains("meter1,state");
    }
}
