package org.openenos.connectivity.upstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.DeviceEventRecord;
import org.openenos.connectivity.DeviceModels;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.connectivity.ValueCoercer;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.ThingDatapoint;
import org.openenos.model.ThingEvent;
import org.openenos.model.ThingModel;
import org.openenos.protocol.DeviceReply;

/** {@code thing.event.{eventId}.post}: {@code {events:{outputParam: v}, time}} checked against the model's event. */
public final class EventPostHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;

    public EventPostHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        ThingModel model = DeviceModels.of(ports.directory(), context.target());
        String eventId = context.route().id();
        ThingEvent event = model.events().get(eventId);
        if (event == null) {
            throw new OpenEnosException(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED, "event " + eventId + " is not in the model");
        }
        Map<String, Object> params = Params.object(context.request().params(), ErrorCode.DEVICE_PAYLOAD_FORMAT, "params");
        Map<String, Object> outputs = params.get("events") == null ? Map.of()
                : Params.object(params.get("events"), ErrorCode.DEVICE_PAYLOAD_FORMAT, "params.events");
        Map<String, Object> coerced = new LinkedHashMap<>();
        for (Map.Entry<String, Object> output : outputs.entrySet()) {
            ThingDatapoint datapoint = event.outputData().stream()
                    .filter(d -> d.identifier().equals(output.getKey())).findFirst()
                    .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED,
                            "event output " + output.getKey() + " is not in the model"));
            coerced.put(output.getKey(), ValueCoercer.coerce(datapoint.dataType(), datapoint.dataDefinition(),
                    output.getValue()).orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED,
                    "event output " + output.getKey() + " does not match its type")));
        }
        long time = params.get("time") instanceof Number n ? n.longValue() : ports.clock().millis();
        var record = new DeviceEventRecord(context.target().orgId(), model.modelId(), context.target().assetId(),
                eventId, event.eventType(), coerced, time);
        return ports.events().accept(record).thenApply(done -> context.ok(Map.of()));
    }
}
