package org.openenos.edge.cloud;

import java.util.Map;

/** A device event raised at the edge (by a local rule), for {@code thing.event.{eventId}.post} of a sub-device. */
public record EdgeEvent(String productKey, String deviceKey, String eventId, Map<String, Object> outputs, long time) {
    public EdgeEvent {
        outputs = Map.copyOf(outputs);
    }
}
