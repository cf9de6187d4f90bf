package org.openenos.registry;

import java.util.List;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;

/** Gateway / sub-device topology as the API manages it; devices manage it themselves through {@code thing.topo.*}. */
public final class TopologyService {
    public static final int MAX_SUB_DEVICES = 10_000;

    private final DeviceService devices;
    private final ProductService products;
    private final DeviceDirectory directory;

    public TopologyService(DeviceService devices, ProductService products, DeviceDirectory directory) {
        this.devices = devices;
        this.products = products;
        this.directory = directory;
    }

    public void addSubDevices(String orgId, String gatewayAssetId, List<String> subAssetIds) {
        Device gateway = requireGateway(orgId, gatewayAssetId);
        for (String sub : subAssetIds) {
            Device d = devices.get(orgId, sub);
            if (d.assetId().equals(gateway.assetId())) {
                throw OpenEnosException.badArgument("subDevices: a gateway cannot be its own sub-device");
            }
            if (d.gatewayAssetId() != null && !d.gatewayAssetId().equals(gatewayAssetId)) {
                throw new OpenEnosException(ErrorCode.CONFLICT, "device " + sub + " belongs to gateway "
                        + d.gatewayAssetId());
            }
        }
        subAssetIds.forEach(sub -> directory.attachSubDevice(gatewayAssetId, sub));
    }

    public void removeSubDevices(String orgId, String gatewayAssetId, List<String> subAssetIds) {
        requireGateway(orgId, gatewayAssetId);
        subAssetIds.forEach(sub -> {
            devices.get(orgId, sub);
            directory.detachSubDevice(gatewayAssetId, sub);
        });
    }

    public List<Device> subDevices(String orgId, String gatewayAssetId) {
        requireGateway(orgId, gatewayAssetId);
        return directory.subDevices(gatewayAssetId);
    }

    public Device gatewayOf(String orgId, String subAssetId) {
        Device sub = devices.get(orgId, subAssetId);
        if (sub.gatewayAssetId() == null) {
            throw OpenEnosException.notFound(ErrorCode.DEVICE_NOT_FOUND, "gateway of device " + subAssetId);
        }
        return devices.get(orgId, sub.gatewayAssetId());
    }

    private Device requireGateway(String orgId, String gatewayAssetId) {
        Device gw = devices.get(orgId, gatewayAssetId);
        if (!products.get(orgId, gw.productKey()).isGateway()) {
            throw OpenEnosException.badArgument("gateway: device " + gatewayAssetId + " is not of a Gateway product");
        }
        return gw;
    }
}
