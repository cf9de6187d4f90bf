package org.openenos.timeseries.questdb;

import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.griffin.engine.table.parquet.ParquetCompression;
import java.nio.file.Path;

/** The engine's configuration for the store in one directory. */
final class StoreConfiguration extends DefaultCairoConfiguration {
    private final StoreOptions options;
    private final CommitSyncs syncs;

    StoreConfiguration(Path dir, StoreOptions options, CommitSyncs syncs) {
        super(dir.toAbsolutePath().toString());
        this.options = options;
        this.syncs = syncs;
    }

    // tables and partitions 0700 like the rest of the data directory (the engine's default is 0775)
    @Override
    public int getMkDirMode() {
        return 0700;
    }

    // asked at every commit: see CommitSyncs
    @Override
    public int getCommitMode() {
        return syncs.commitMode();
    }

    @Override
    public int getPartitionEncoderParquetCompressionCodec() {
        return ParquetCompression.COMPRESSION_ZSTD;
    }

    @Override
    public int getPartitionEncoderParquetCompressionLevel() {
        return options.parquetCompressionLevel();
    }

    // The engine's embedded default (0) breaks merging late rows into a Parquet partition; 100,000 is the
    // server's default and keeps a one-series read to a few row groups' worth of decoding.
    @Override
    public int getPartitionEncoderParquetRowGroupSize() {
        return 100_000;
    }
}
