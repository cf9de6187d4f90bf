package org.openenos.batch;

import java.util.List;

/** The answer to a SQL query: column names and SQL types, rows, and whether the row limit cut it. */
public record QueryResult(List<String> columns, List<String> types, List<List<Object>> rows, boolean truncated,
                          long millis) {
}
