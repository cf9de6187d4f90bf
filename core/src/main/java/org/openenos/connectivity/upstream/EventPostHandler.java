package org.openenos.connectivity.upstream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.DeviceModels;
import org.openenos.connectivity.ModelValues;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
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
        Map<String, Object> params = Params.object(context.request().params(), ErrorCode.DEVICE_PAYLOAD_FORMAT, "params");
        Map<String, Object> outputs = params.get("events") == null ? Map.of()
                : Params.object(params.get("events"), ErrorCode.DEVICE_PAYLOAD_FORMAT, "params.events");
        long time = params.get("time") instanceof Number n ? n.longValue() : ports.clock().millis();
        var record = ModelValues.event(model, context.target(), context.route().id(), outputs, time);
        return ports.events().accept(record).thenApply(done -> context.ok(Map.of()));
    }
}
