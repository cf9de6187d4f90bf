package org.openenos.reporting;

/** One file produced by a run. */
public record ReportFile(String name, String contentType, long size) {
}
