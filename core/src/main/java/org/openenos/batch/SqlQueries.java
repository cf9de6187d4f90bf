package org.openenos.batch;

import java.time.Duration;
import java.time.Instant;

/**
 * Read-only SQL for one organization over its history ({@code history}), its asset metadata ({@code assets},
 * {@code asset_attributes}) and its registered external sources ({@code alias.db.table}). Only that organization's
 * rows and sources are visible, whatever the statement says.
 */
public interface SqlQueries {
    /**
     * @param from   start of the history window the {@code history} table holds (inclusive)
     * @param to     end of that window (exclusive)
     */
    record Limits(Instant from, Instant to, long maxRows, Duration timeout) {
    }

    QueryResult query(String orgId, String sql, Limits limits);
}
