package org.openenos.batch.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.batch.ExternalSource;
import org.openenos.batch.ExternalSourceRepository;
import org.openenos.batch.ExternalSources;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.SystemVariables;
import org.openenos.batch.TaskContext;
import org.openenos.batch.TaskKind;
import org.openenos.batch.TaskSpec;
import org.openenos.model.MeasurePointValue;
import org.openenos.parquet.ParquetColumn;
import org.openenos.parquet.ParquetRowReader;
import org.openenos.security.SecretCipher;
import org.openenos.timeseries.TimeSeriesStore;

/** Sync tasks write a query's rows to a typed Parquet file and read such a file back into another target. */
class ParquetSyncTest {
    static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    @TempDir
    Path files;

    @Test
    void aQueryGoesToAParquetFileWithTypedColumnsAndFromThereToACsvFile() throws Exception {
        SyncTaskExecutor sync = executor();
        TaskSpec toParquet = new TaskSpec("to-parquet", TaskKind.SYNC, Map.of("source", "sql:SELECT asset_id, ts, "
                + "num_value, CAST(num_value AS BIGINT) AS whole, num_value > 20 AS high FROM history "
                + "WHERE point_id = 'power' ORDER BY asset_id, ts", "target", "parquet:lake/power-${cal_dt8}.parquet"),
                60, 0, 0, 0);
        sync.validate(toParquet);
        assertThat(sync.execute(context(toParquet))).isEqualTo("wrote 48 rows to parquet:lake/power-20260301.parquet");

        Path file = files.resolve("org1/lake/power-20260301.parquet");
        List<List<ParquetColumn>> header = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        ParquetRowReader.read(file, header::add, rows::add);
        assertThat(header.getFirst()).extracting(ParquetColumn::type).containsExactly(ParquetColumn.Type.STRING,
                ParquetColumn.Type.TIMESTAMP, ParquetColumn.Type.DOUBLE, ParquetColumn.Type.LONG,
                ParquetColumn.Type.BOOLEAN);
        long t0 = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        assertThat(rows.getFirst()).containsExactly("inv1", t0, 10.0, 10L, false);
        assertThat(rows.get(23)).containsExactly("inv1", t0 + 23 * 3_600_000L, 33.0, 33L, true);
        assertThat(files.resolve("org1/lake")).isDirectoryNotContaining("glob:**.part");

        TaskSpec toCsv = new TaskSpec("to-csv", TaskKind.SYNC, Map.of("source", "parquet:lake/power-${cal_dt8}.parquet",
                "target", "csv:out/power.csv"), 60, 0, 0, 0);
        assertThat(sync.execute(context(toCsv))).isEqualTo("wrote 48 rows to csv:out/power.csv");
        List<String> csv = Files.readAllLines(files.resolve("org1/out/power.csv"));
        assertThat(csv.getFirst()).isEqualTo("asset_id,ts,num_value,whole,high");
        assertThat(csv.get(1)).isEqualTo("inv1," + t0 + ",10.0,10,false");
    }

    @Test
    void aFileThatIsNotParquetOrOutsideTheOrganizationsFolderIsRefusedClearly() throws Exception {
        SyncTaskExecutor sync = executor();
        Files.createDirectories(files.resolve("org1"));
        Files.writeString(files.resolve("org1/fake.parquet"), "a,b\n1,2\n");
        TaskSpec fake = new TaskSpec("fake", TaskKind.SYNC, Map.of("source", "parquet:fake.parquet", "target",
                "csv:x.csv"), 60, 0, 0, 0);
        assertThatThrownBy(() -> sync.execute(context(fake))).hasMessageContaining("not a Parquet file");
        TaskSpec escape = new TaskSpec("esc", TaskKind.SYNC, Map.of("source", "sql:SELECT 1 AS x", "target",
                "parquet:../org2/x.parquet"), 60, 0, 0, 0);
        assertThatThrownBy(() -> sync.execute(context(escape))).hasMessageContaining("inside the organization");
    }

    private SyncTaskExecutor executor() {
        InMemoryHistory store = new InMemoryHistory();
        List<MeasurePointValue> values = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            long t = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + h * 3_600_000L;
            values.add(new MeasurePointValue("org1", "inverter", "inv1", "power", t, 10.0 + h, null));
            values.add(new MeasurePointValue("org1", "inverter", "inv2", "power", t, 2.0 * h, null));
        }
        store.append(values, TimeSeriesStore.AppendMode.NEW);
        OrgCatalog catalog = new OrgCatalog() {
            @Override
            public List<AssetRow> assets(String orgId) {
                return orgId.equals("org1") ? List.of(
                        new AssetRow("inv1", "Inverter 1", "inverter", "+00:00", true, Map.of()),
                        new AssetRow("inv2", "Inverter 2", "inverter", "+00:00", true, Map.of())) : List.of();
            }

            @Override
            public List<String> measurePoints(String orgId, String modelId) {
                return List.of("power");
            }
        };
        ExternalSourceRepository none = new ExternalSourceRepository() {
            public boolean insert(ExternalSource s) {
                return false;
            }

            public Optional<ExternalSource> find(String orgId, String alias) {
                return Optional.empty();
            }

            public List<ExternalSource> list(String orgId) {
                return List.of();
            }

            public boolean delete(String orgId, String alias) {
                return false;
            }
        };
        ExternalSources sources = new ExternalSources(none, new SecretCipher(new byte[32]), Clock.systemUTC());
        return new SyncTaskExecutor(new CalciteSqlQueries(catalog, store, sources, new SimpleMeterRegistry()), sources,
                files, ZoneOffset.UTC);
    }

    private static TaskContext context(TaskSpec task) {
        Instant trigger = DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        SystemVariables vars = new SystemVariables(trigger, ZoneOffset.UTC, 1, 1, Map.of());
        Map<String, String> resolved = new java.util.TreeMap<>();
        task.config().forEach((k, v) -> resolved.put(k, vars.resolve(v)));
        TaskSpec t = new TaskSpec(task.name(), task.kind(), resolved, 60, 0, 0, 10_000);
        return new TaskContext("org1", 1, 1, 1, t, vars.calDt(), trigger, Instant.now().plusSeconds(120), 10_000,
                line -> { }, p -> { }, () -> false);
    }
}
