package org.openenos.connectivity;

import java.time.Instant;
import java.util.List;

/** The log of device connection events, queryable per organization and device. */
public interface ConnectionEventStore {
    void append(ConnectionEvent event);

    /** Events matching the query, newest first. */
    List<ConnectionEvent> search(Query query);

    long count(Query query);

    /** Used when no store is wired: events are dropped (the device status still changes). */
    ConnectionEventStore NONE = new ConnectionEventStore() {
        @Override
        public void append(ConnectionEvent event) {
        }

        @Override
        public List<ConnectionEvent> search(Query query) {
            return List.of();
        }

        @Override
        public long count(Query query) {
            return 0;
        }
    };

    /** {@code orgId} required; the others optional. {@code to} is exclusive. */
    record Query(String orgId, String assetId, ConnectionEvent.Type type, Instant from, Instant to, int offset,
                 int limit) {
    }
}
