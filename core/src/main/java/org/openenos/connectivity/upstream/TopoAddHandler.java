package org.openenos.connectivity.upstream;

import java.util.ArrayList;
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
import org.openenos.protocol.DeviceSigner;

/**
 * {@code thing.topo.add}: {@code [{productKey, deviceKey, clientId, timestamp, signMethod, sign}]}, each signed with
 * the sub-device's secret (reference §3.1). All signs are checked before anything is attached.
 */
public final class TopoAddHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;

    public TopoAddHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        GatewayOnly.check(context);
        ErrorCode format = ErrorCode.DEVICE_PAYLOAD_FORMAT;
        List<Device> subDevices = new ArrayList<>();
        for (Object item : Params.list(context.request().params(), format, "params")) {
            Map<String, Object> sub = Params.object(item, format, "sub-device");
            String productKey = Params.string(sub, "productKey", format);
            String deviceKey = Params.string(sub, "deviceKey", format);
            Device device = ports.directory().device(productKey, deviceKey)
                    .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_NOT_FOUND_ON_TOPIC,
                            "sub-device " + productKey + "/" + deviceKey + " not found"));
            Map<String, String> signed = Map.of("clientId", String.valueOf(sub.get("clientId")),
                    "deviceKey", deviceKey, "productKey", productKey, "timestamp", String.valueOf(sub.get("timestamp")));
            if (!DeviceSigner.verify(signed, device.deviceSecret(), CombineLoginHandler.signMethod(sub),
                    Params.optionalString(sub, "sign"))) {
                throw new OpenEnosException(ErrorCode.DEVICE_TOPO_ADD_FAILED,
                        "sign check failed for " + productKey + "/" + deviceKey);
            }
            if (device.gatewayAssetId() != null && !device.gatewayAssetId().equals(context.target().assetId())) {
                throw new OpenEnosException(ErrorCode.DEVICE_TOPO_ADD_FAILED,
                        productKey + "/" + deviceKey + " belongs to another gateway");
            }
            subDevices.add(device);
        }
        subDevices.forEach(d -> ports.directory().attachSubDevice(context.target().assetId(), d.assetId()));
        return CompletableFuture.completedFuture(context.ok(Map.of()));
    }
}
