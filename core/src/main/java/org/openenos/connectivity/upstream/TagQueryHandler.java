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
import org.openenos.protocol.DeviceReply;

/** {@code thing.tag.query}: {@code {tags:[keys]}}, an empty list meaning all → {@code {key: value}}. */
public final class TagQueryHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;

    public TagQueryHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        ErrorCode format = ErrorCode.DEVICE_PAYLOAD_FORMAT;
        List<String> keys = Params.strings(Params.object(context.request().params(), format, "params").get("tags"),
                format, "params.tags");
        Map<String, String> result = new LinkedHashMap<>();
        ports.directory().device(context.target().productKey(), context.target().deviceKey())
                .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_NOT_FOUND_ON_TOPIC, "device not found"))
                .deviceTags().forEach((key, value) -> {
                    if (keys.isEmpty() || keys.contains(key)) {
                        result.put(key, value);
                    }
                });
        return CompletableFuture.completedFuture(context.ok(result));
    }
}
