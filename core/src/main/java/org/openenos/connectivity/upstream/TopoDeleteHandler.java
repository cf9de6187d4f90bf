package org.openenos.connectivity.upstream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.protocol.DeviceReply;

/** {@code thing.topo.delete}: {@code [{productKey, deviceKey}]}; a logged-in sub-device is logged out too. */
public final class TopoDeleteHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;

    public TopoDeleteHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        GatewayOnly.check(context);
        ErrorCode format = ErrorCode.DEVICE_PAYLOAD_FORMAT;
        String gatewayAsset = context.target().assetId();
        for (Object item : Params.list(context.request().params(), format, "params")) {
            Map<String, Object> sub = Params.object(item, format, "sub-device");
            String productKey = Params.string(sub, "productKey", format);
            String deviceKey = Params.string(sub, "deviceKey", format);
            ports.directory().device(productKey, deviceKey)
                    .filter(d -> gatewayAsset.equals(d.gatewayAssetId()))
                    .ifPresent(d -> {
                        ports.sessions().detachSubDevice(context.session(), productKey, deviceKey);
                        ports.directory().detachSubDevice(gatewayAsset, d.assetId());
                    });
        }
        return CompletableFuture.completedFuture(context.ok(Map.of()));
    }
}
