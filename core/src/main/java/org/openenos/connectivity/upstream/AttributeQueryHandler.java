package org.openenos.connectivity.upstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.protocol.DeviceReply;

/** {@code thing.attribute.query}: {@code {attributes:[ids]}}, an empty list meaning all → {@code {id: v}}. */
public final class AttributeQueryHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;

    public AttributeQueryHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        ErrorCode format = ErrorCode.DEVICE_ATTRIBUTE_QUERY_FORMAT;
        Map<String, Object> params = Params.object(context.request().params(), format, "params");
        List<String> ids = Params.strings(params.get("attributes"), format, "params.attributes");
        Device device = ports.directory().device(context.target().productKey(), context.target().deviceKey())
                .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_NOT_FOUND_ON_TOPIC, "device not found"));
        Map<String, Object> result = new LinkedHashMap<>();
        device.deviceAttributes().forEach((id, value) -> {
            if (ids.isEmpty() || ids.contains(id)) {
                result.put(id, value);
            }
        });
        return CompletableFuture.completedFuture(context.ok(result));
    }
}
