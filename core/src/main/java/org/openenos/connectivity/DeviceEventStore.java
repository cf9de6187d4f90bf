package org.openenos.connectivity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.model.identity.AssetScope;

/** Device events kept for the {@code events} API: a sink for the upstream handler and a query side. */
public interface DeviceEventStore extends DeviceEventSink {

    Optional<StoredEvent> find(String orgId, long eventId);

    /** Events matching the query, newest first. */
    List<StoredEvent> search(Query query);

    long count(Query query);

    /** One stored event; {@code time} is the device's event time (or the arrival time when it sent none). */
    record StoredEvent(long eventId, String orgId, String assetId, String productKey, String deviceKey,
                       String modelId, String eventKey, String eventType, Map<String, Object> output, Instant time) {
    }

    /**
     * {@code orgId} required; the others optional. {@code to} is exclusive. {@code scope}: the devices under these
     * nodes of asset trees only; the whole organization when null.
     */
    record Query(String orgId, String assetId, String eventKey, String eventType, Instant from, Instant to,
                 int offset, int limit, AssetScope scope) {
        public Query {
            scope = scope == null ? AssetScope.ORGANIZATION : scope;
        }

        public Query(String orgId, String assetId, String eventKey, String eventType, Instant from, Instant to,
                     int offset, int limit) {
            this(orgId, assetId, eventKey, eventType, from, to, offset, limit, AssetScope.ORGANIZATION);
        }
    }
}
