package org.openenos.connectivity.upstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.DeviceReply;

/** {@code thing.tag.update}: an array {@code [{tagKey, tagValue}]}; keys are identifiers of at most 100 characters. */
public final class TagUpdateHandler implements UpstreamHandler {
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    private final ConnectivityPorts ports;

    public TagUpdateHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        ErrorCode format = ErrorCode.DEVICE_PAYLOAD_FORMAT;
        Map<String, String> tags = new LinkedHashMap<>();
        for (Object item : Params.list(context.request().params(), format, "params")) {
            Map<String, Object> tag = Params.object(item, format, "tag");
            String key = Params.string(tag, "tagKey", format);
            if (!TAG_KEY.matcher(key).matches()) {
                throw new OpenEnosException(format, "invalid tagKey " + key);
            }
            tags.put(key, Params.string(tag, "tagValue", format));
        }
        ports.directory().updateTags(context.target().assetId(), tags);
        return CompletableFuture.completedFuture(context.ok(Map.of()));
    }
}
