package org.openenos.connectivity.upstream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.DeviceModels;
import org.openenos.connectivity.MeasurepointValidator;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.model.MeasurePointValue;
import org.openenos.protocol.DeviceReply;

/**
 * {@code thing.measurepoint.post} and {@code thing.measurepoint.resume}: validates against the model and acknowledges
 * only once the telemetry pipeline says the values are durable. Resumed (cached offline) data carries its own time,
 * so it goes through the same path [U: EnOS may store it with lower priority].
 */
public final class MeasurepointPostHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;
    private final MeasurepointValidator validator;

    public MeasurepointPostHandler(ConnectivityPorts ports, MeasurepointValidator validator) {
        this.ports = ports;
        this.validator = validator;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        Object params = context.request().params();
        boolean skipInvalid = params instanceof Map<?, ?> map && Params.flag(map.get("skipInvalidMeasurepoints"));
        List<MeasurePointValue> values = validator.validate(DeviceModels.of(ports.directory(), context.target()),
                context.target(), params, skipInvalid, ports.clock().millis());
        if (values.isEmpty()) {
            return CompletableFuture.completedFuture(context.ok(Map.of()));
        }
        return ports.ingest().ingest(values).thenApply(done -> context.ok(Map.of()));
    }
}
