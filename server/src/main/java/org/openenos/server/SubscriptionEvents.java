package org.openenos.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.connectivity.DeviceEventRecord;

/** The {@code value} of an event subscription message for a device event ({@code thing.event.{id}.post}). */
final class SubscriptionEvents {
    private SubscriptionEvents() {
    }

    static Map<String, Object> deviceEvent(DeviceEventRecord event) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("orgId", event.orgId());
        fields.put("assetId", event.assetId());
        fields.put("modelId", event.modelId());
        fields.put("eventType", "DEVICE_EVENT");
        fields.put("eventId", event.eventId());
        fields.put("eventLevel", event.eventType() == null ? null : event.eventType().name());
        fields.put("output", event.output());
        fields.put("time", event.time());
        return fields;
    }
}
