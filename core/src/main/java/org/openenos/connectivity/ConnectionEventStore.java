package org.openenos.connectivity;

import java.time.Instant;
import java.util.List;
import org.openenos.model.identity.AssetScope;

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

    /**
     * {@code orgId} required; the others optional. {@code to} is exclusive. {@code scope}: the devices under these
     * nodes of asset trees only; the whole organization when null.
     */
    record Query(String orgId, String assetId, ConnectionEvent.Type type, Instant from, Instant to, int offset,
                 int limit, AssetScope scope) {
        public Query {
            scope = scope == null ? AssetScope.ORGANIZATION : scope;
        }

        public Query(String orgId, String assetId, ConnectionEvent.Type type, Instant from, Instant to, int offset,
                     int limit) {
            this(orgId, assetId, type, from, to, offset, limit, AssetScope.ORGANIZATION);
        }
    }
}
