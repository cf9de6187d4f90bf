package org.openenos.connectivity;

import java.util.Map;
import org.openenos.model.ThingEvent;

/** One {@code thing.event.{id}.post} from a device, validated against its model. */
public record DeviceEventRecord(String orgId, String modelId, String assetId, String eventId,
                                ThingEvent.EventType eventType, Map<String, Object> output, long time) {
    public DeviceEventRecord {
        output = Map.copyOf(output);
    }
}
