package org.openenos.connectivity.upstream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.protocol.DeviceReply;

/** {@code thing.topo.get} → {@code [{productKey, deviceKey}]} of the gateway's sub-devices. */
public final class TopoGetHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;

    public TopoGetHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        GatewayOnly.check(context);
        var subDevices = ports.directory().subDevices(context.target().assetId()).stream()
                .map(d -> Map.of("productKey", d.productKey(), "deviceKey", d.deviceKey()))
                .toList();
        return CompletableFuture.completedFuture(context.ok(subDevices));
    }
}
