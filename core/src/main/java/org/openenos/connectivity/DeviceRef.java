package org.openenos.connectivity;

import org.openenos.model.Device;

/** The identity of a connected device as the connectivity use cases need it. */
public record DeviceRef(String orgId, String assetId, String productKey, String deviceKey) {

    public static DeviceRef of(Device device) {
        return new DeviceRef(device.orgId(), device.assetId(), device.productKey(), device.deviceKey());
    }

    public boolean is(String otherProductKey, String otherDeviceKey) {
        return productKey.equals(otherProductKey) && deviceKey.equals(otherDeviceKey);
    }

    public String key() {
        return key(productKey, deviceKey);
    }

    /** The key of a device in session maps and the cluster's connection directory. */
    public static String key(String productKey, String deviceKey) {
        return productKey + '/' + deviceKey;
    }
}
