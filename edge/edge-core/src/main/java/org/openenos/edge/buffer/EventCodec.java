package org.openenos.edge.buffer;

import java.util.Map;
import org.openenos.edge.cloud.EdgeEvent;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link EdgeEvent} as JSON in a log record. Events are rare and their outputs are free-form values, so the
 * readable, self-describing form is worth more here than the compact one of measure points.
 */
public final class EventCodec implements ForwardLog.Codec<EdgeEvent> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Stored(String productKey, String deviceKey, String eventId, Map<String, Object> outputs, long time) {
    }

    @Override
    public byte[] encode(EdgeEvent event) {
        return JSON.writeValueAsBytes(new Stored(event.productKey(), event.deviceKey(), event.eventId(),
                event.outputs(), event.time()));
    }

    @Override
    public EdgeEvent decode(byte[] payload) {
        Stored s = JSON.readValue(payload, new TypeReference<Stored>() { });
        return new EdgeEvent(s.productKey(), s.deviceKey(), s.eventId(), s.outputs(), s.time());
    }
}
