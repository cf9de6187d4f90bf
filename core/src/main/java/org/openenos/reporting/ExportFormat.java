package org.openenos.reporting;

import java.util.Locale;
import org.openenos.error.OpenEnosException;

/** What an export run writes. Parquet through parquet-java without Hadoop at run time (ADR 0105). */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=utf-8"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    PDF("pdf", "application/pdf"),
    PARQUET("parquet", "application/vnd.apache.parquet");

    private final String extension;
    private final String contentType;

    ExportFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public static ExportFormat parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (ExportFormat f : values()) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        throw OpenEnosException.badArgument("unknown format '" + name + "' (CSV, XLSX, PDF, PARQUET)");
    }

    /** The format whose file name ends with this extension, for the content type of a download. */
    public static ExportFormat ofFileName(String fileName) {
        for (ExportFormat f : values()) {
            if (fileName.endsWith("." + f.extension)) {
                return f;
            }
        }
        return null;
    }
}
