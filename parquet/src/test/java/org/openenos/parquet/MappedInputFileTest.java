package org.openenos.parquet;

import static org.apache.parquet.filter2.predicate.FilterApi.eq;
import static org.apache.parquet.filter2.predicate.FilterApi.longColumn;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedInputFileTest {
    @TempDir
    Path dir;

    @Test
    void aMemoryMappedFileIsReadLikeTheFileAndAFilterKeepsOnlyThePagesThatCanMatch() throws Exception {
        Path file = dir.resolve("values.parquet");
        try (OutputStream out = Files.newOutputStream(file);
             var w = ParquetRowWriter.open(out, ParquetFilesTest.COLUMNS)) {
            for (int i = 0; i < 50_000; i++) {
                w.write(new Object[] {ParquetFilesTest.T0 + i * 1000L, "asset-" + i % 7, i * 0.25, (long) i, true, 192});
            }
        }
        try (var reader = ParquetFileReader.open(new MappedInputFile(file),
                HadoopFreeReadOptions.with(ParquetCodecs.INSTANCE))) {
            assertThat(reader.getRecordCount()).isEqualTo(50_000);
            assertThat(reader.readNextRowGroup().getRowCount()).isEqualTo(50_000);
        }
        var filter = FilterCompat.get(eq(longColumn("count"), 42_000L));
        try (var reader = ParquetFileReader.open(new MappedInputFile(file),
                HadoopFreeReadOptions.with(ParquetCodecs.INSTANCE, filter))) {
            assertThat(reader.getFilteredRecordCount()).isBetween(1L, 20_000L);
        }
    }
}
