package org.openenos.connectivity.upstream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.protocol.DeviceReply;

/** {@code combine.logout}: {@code {productKey, deviceKey}} → the same keys. */
public final class CombineLogoutHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;

    public CombineLogoutHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        GatewayOnly.check(context);
        ErrorCode format = ErrorCode.DEVICE_PAYLOAD_FORMAT;
        Map<String, Object> params = Params.object(context.request().params(), format, "params");
        String productKey = Params.string(params, "productKey", format);
        String deviceKey = Params.string(params, "deviceKey", format);
        ports.sessions().detachSubDevice(context.session(), productKey, deviceKey);
        return CompletableFuture.completedFuture(context.ok(Map.of("productKey", productKey, "deviceKey", deviceKey)));
    }
}
