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
import org.openenos.error.OpenEnosException;
import org.openenos.model.ThingModel;
import org.openenos.protocol.DeviceReply;

/** {@code thing.attribute.update}: {@code {attributes:{id: v}}}, at most 200, each checked against the model. */
public final class AttributeUpdateHandler implements UpstreamHandler {
    static final int MAX_ATTRIBUTES = 200;
    private final ConnectivityPorts ports;

    public AttributeUpdateHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        ErrorCode format = ErrorCode.DEVICE_ATTRIBUTE_UPDATE_FORMAT;
        Map<String, Object> params = Params.object(context.request().params(), format, "params");
        Map<String, Object> attributes = Params.object(params.get("attributes"), format, "params.attributes");
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new OpenEnosException(format, "at most " + MAX_ATTRIBUTES + " attributes per update");
        }
        ThingModel model = DeviceModels.of(ports.directory(), context.target());
        Map<String, Object> values = ModelValues.attributes(model, attributes);
        ports.directory().updateAttributes(context.target().assetId(), values);
        return CompletableFuture.completedFuture(context.ok(Map.of()));
    }
}
