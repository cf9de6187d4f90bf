package org.openenos.timeseries.questdb;

import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.griffin.engine.table.parquet.ParquetCompression;
import java.nio.file.Path;

/** The engine's configuration for the store in one directory. */
final class StoreConfiguration extends DefaultCairoConfiguration {
    static final long O3_SPLIT_MIN_SIZE = 256 * 1024;
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

    /*
     * A commit that reaches behind the newest committed time (every storage-stage batch under live load, one log
     * partition read further than another) is merged into the day's partition. The engine rewrites the partition
     * from scratch, prefix included, and re-indexes every row it copies, unless the rows before the merge point
     * exceed this size; then it splits the partition there and rewrites only the tail. With the engine's default
     * (50 MB) each such commit rewrote up to 50 MB of the day; with 256 KB it rewrites about a batch, and the
     * engine squashes the splits back into the day's partition every few commits (ADR 0137).
     */
    @Override
    public long getPartitionO3SplitMinSize() {
        return O3_SPLIT_MIN_SIZE;
    }
}
