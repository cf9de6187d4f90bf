package org.openenos.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written here are read back by DuckDB's Parquet reader (a separate implementation in C++), value by value,
 * and by this module's reader; Hadoop is not on the test class path.
 */
class ParquetFilesTest {
    static final List<ParquetColumn> COLUMNS = List.of(
            new ParquetColumn("time", ParquetColumn.Type.TIMESTAMP),
            new ParquetColumn("asset_id", ParquetColumn.Type.STRING),
            new ParquetColumn("num", ParquetColumn.Type.DOUBLE),
            new ParquetColumn("count", ParquetColumn.Type.LONG),
            new ParquetColumn("flag", ParquetColumn.Type.BOOLEAN),
            new ParquetColumn("quality", ParquetColumn.Type.INT));
    static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void rowsWrittenAreReadBackValueByValueByQuestDbsReaderAndByThisModule() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rows.add(new Object[] {T0 + i * 1000L, "asset-" + (i % 7) + (i == 3 ? ", \"quoted\" é" : ""),
                    i % 11 == 0 ? null : i * 0.25, (long) i * 1_000_000_007L, i % 2 == 0, i % 5 == 0 ? null : 192});
        }
        Path file = dir.resolve("values.parquet");
        try (OutputStream out = Files.newOutputStream(file); var w = ParquetRowWriter.open(out, COLUMNS)) {
            for (Object[] r : rows) {
                w.write(r);
            }
        }

        List<Object[]> ours = new ArrayList<>();
        List<List<ParquetColumn>> header = new ArrayList<>();
        assertThat(ParquetRowReader.read(file, header::add, ours::add)).isEqualTo(rows.size());
        assertThat(header.getFirst()).isEqualTo(COLUMNS);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(ours.get(i)).as("row " + i).containsExactly(rows.get(i));
        }

        List<Object[]> duckdb = readWithDuckDb(file);
        assertThat(duckdb).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(duckdb.get(i)).as("row " + i).containsExactly(rows.get(i));
        }
    }

    @Test
    void aRowOfTheWrongWidthIsRefusedAndANestedFileIsRefusedByName() throws Exception {
        try (OutputStream out = Files.newOutputStream(dir.resolve("x.parquet"));
             var w = ParquetRowWriter.open(out, COLUMNS)) {
            assertThatThrownBy(() -> w.write(new Object[] {T0})).hasMessageContaining("1 values for 6 columns");
        }
        Path notParquet = Files.writeString(dir.resolve("not.parquet"), "asset,value\na1,1\n");
        assertThatThrownBy(() -> ParquetRowReader.read(notParquet, c -> { }, r -> { }))
                .hasMessageContaining("not a Parquet file");
    }

    /** {@code SELECT * FROM read_parquet(...)} in DuckDB (its own Parquet reader, in C++), in file order. */
    private List<Object[]> readWithDuckDb(Path file) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT epoch_ms(time), asset_id, num, count, flag, quality FROM read_parquet('"
                     + file.toString().replace("'", "''") + "') ORDER BY file_row_number")) {
            while (r.next()) {
                rows.add(new Object[] {r.getObject(1) == null ? null : r.getLong(1), r.getString(2),
                        r.getObject(3) == null ? null : r.getDouble(3), r.getObject(4) == null ? null : r.getLong(4),
                        r.getObject(5) == null ? null : r.getBoolean(5), r.getObject(6) == null ? null : r.getInt(6)});
            }
        }
        return rows;
    }

    @SuppressWarnings("unused")
    private static String show(Object[] row) {
        return Arrays.toString(row);
    }
}
