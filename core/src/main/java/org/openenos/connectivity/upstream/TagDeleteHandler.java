package org.openenos.connectivity.upstream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.protocol.DeviceReply;

/** {@code thing.tag.delete}: {@code {tags:[keys]}}. */
public final class TagDeleteHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;

    public TagDeleteHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        ErrorCode format = ErrorCode.DEVICE_PAYLOAD_FORMAT;
        var keys = Params.strings(Params.object(context.request().params(), format, "params").get("tags"),
                format, "params.tags");
        ports.directory().deleteTags(context.target().assetId(), keys);
        return CompletableFuture.completedFuture(context.ok(Map.of()));
    }
}
