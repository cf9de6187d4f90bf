package org.openenos.sdk;

import java.util.Objects;

/** A device by its identity in topics: productKey + deviceKey. */
public record DeviceId(String productKey, String deviceKey) {
    public DeviceId {
        Objects.requireNonNull(productKey, "productKey");
        Objects.requireNonNull(deviceKey, "deviceKey");
    }
}
