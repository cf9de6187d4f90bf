package org.openenos.reporting;

import java.util.Locale;
import org.openenos.error.OpenEnosException;

/**
 * What an export run writes. Parquet is not offered: the only maintained Java writer needs Hadoop's libraries
 * (ADR 0110), so a definition asking for it is refused with a clear error rather than half served.
 */
public enum ExportFormat {
    CSV("csv", "text/csv; charset=utf-8"),
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    PDF("pdf", "application/pdf");

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
        if ("PARQUET".equals(n)) {
            throw OpenEnosException.badArgument("format PARQUET is not available in this version; use CSV or XLSX");
        }
        for (ExportFormat f : values()) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        throw OpenEnosException.badArgument("unknown format '" + name + "' (CSV, XLSX, PDF)");
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
