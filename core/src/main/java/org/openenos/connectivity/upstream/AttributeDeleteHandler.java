package org.openenos.connectivity.upstream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.protocol.DeviceReply;

/** {@code thing.attribute.delete}: {@code {attributes:[ids]}}. */
public final class AttributeDeleteHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;

    public AttributeDeleteHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        ErrorCode format = ErrorCode.DEVICE_ATTRIBUTE_DELETE_FORMAT;
        Map<String, Object> params = Params.object(context.request().params(), format, "params");
        List<String> ids = Params.strings(params.get("attributes"), format, "params.attributes");
        ports.directory().deleteAttributes(context.target().assetId(), ids);
        return CompletableFuture.completedFuture(context.ok(Map.of()));
    }
}
