package org.apache.parquet;

import java.util.HashMap;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options with a given codec factory. {@link ParquetReadOptions.Builder}'s constructors build parquet-java's
 * Hadoop codec factory before one can be replaced, which loads Hadoop classes; the options' own constructor is
 * package-private, hence this class in parquet-java's package (ADR 0105; the version is pinned and
 * {@code ParquetFilesTest} reads without Hadoop on the class path).
 */
public final class HadoopFreeReadOptions {
    private static final int MAX_ALLOCATION = 8 * 1024 * 1024;

    private HadoopFreeReadOptions() {
    }

    /** parquet-java's default read options (statistics, dictionary and bloom filters on), with {@code codecs}. */
    public static ParquetReadOptions with(CompressionCodecFactory codecs) {
        return with(codecs, FilterCompat.NOOP);
    }

    /** The same with a row filter, applied to row groups (statistics), pages (column index) and records. */
    public static ParquetReadOptions with(CompressionCodecFactory codecs, FilterCompat.Filter filter) {
        return new ParquetReadOptions(false, true, true, true, true, false, true, false, false, filter,
                ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(), MAX_ALLOCATION,
                new HashMap<>(), null, null, new PlainParquetConfiguration());
    }
}
