package org.openenos.parquet;

import java.util.Objects;

/** One column of a Parquet file this module writes or reads: a name and a logical type; every column is nullable. */
public record ParquetColumn(String name, Type type) {
    public enum Type {
        /** UTC instant as epoch milliseconds ({@code TIMESTAMP(MILLIS, true)} in the file); Java {@code Long}. */
        TIMESTAMP,
        /** UTF-8 text; Java {@code String}. */
        STRING,
        /** 64-bit float; Java {@code Double}. */
        DOUBLE,
        /** 64-bit integer; Java {@code Long}. */
        LONG,
        /** 32-bit integer; Java {@code Integer}. */
        INT,
        /** Java {@code Boolean}. */
        BOOLEAN
    }

    public ParquetColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
