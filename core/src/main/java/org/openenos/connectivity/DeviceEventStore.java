package org.openenos.connectivity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** {@code orgId} required; the others optional. {@code to} is exclusive. */
    record Query(String orgId, String assetId, String eventKey, String eventType, Instant from, Instant to,
                 int offset, int limit) {
    }
}
