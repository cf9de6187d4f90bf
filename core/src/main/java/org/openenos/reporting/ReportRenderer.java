package org.openenos.reporting;

import java.io.IOException;
import java.io.OutputStream;

/** Writes one format of an export from its {@link ReportContent}; renderers stream rows, never hold them all. */
public interface ReportRenderer {
    ExportFormat format();

    void render(ReportContent content, OutputStream out) throws IOException;
}
