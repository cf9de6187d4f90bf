package org.openenos.connectivity.upstream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.DeviceModels;
import org.openenos.connectivity.MeasurepointValidator;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.model.MeasurePointValue;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;

/**
 * {@code thing.measurepoint.post} and {@code thing.measurepoint.resume}: validates against the model and acknowledges
 * only once the telemetry pipeline says the values are durable. Resumed (cached offline) data carries its own time
 * and goes through the same path, marked as possibly stored already, so a re-sent value is not stored twice.
 */
public final class MeasurepointPostHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;
    private final MeasurepointValidator validator;

    public MeasurepointPostHandler(ConnectivityPorts ports, MeasurepointValidator validator) {
        this.ports = ports;
        this.validator = validator;
    }

    /**
     * A live post of a device whose product and model are in memory, while the log has room, is validated, encoded
     * and handed to the log without waiting for anything: the gateway then runs it on its network thread.
     */
    @Override
    public boolean handlesWithoutBlocking(DeviceRef target, TopicRoute route) {
        return route.kind() == TopicKind.MEASUREPOINT_POST
                && ports.directory().modelCached(target.orgId(), target.productKey())
                && ports.ingest().acceptsWithoutWaiting();
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        Object params = context.request().params();
        boolean skipInvalid = Params.flag(context.request().option("skipInvalidMeasurepoints"))
                || params instanceof Map<?, ?> map && Params.flag(map.get("skipInvalidMeasurepoints"));
        List<MeasurePointValue> values = validator.validate(DeviceModels.of(ports.directory(), context.target()),
                context.target(), params, skipInvalid, ports.clock().millis());
        if (values.isEmpty()) {
            return CompletableFuture.completedFuture(context.ok(Map.of()));
        }
        // Resumed values may have been stored before (the device missed the acknowledgement): stored at most once.
        var ingest = context.route().kind() == org.openenos.protocol.TopicKind.MEASUREPOINT_RESUME
                ? ports.ingest().resume(values) : ports.ingest().ingest(values);
        return ingest.thenApply(done -> context.ok(Map.of()));
    }
}
