package org.openenos.sdk;

import java.util.Map;

/** A device a gateway registers on {@code thing.device.register}; deviceKey null lets the server pick one. */
public record DeviceRegistration(String productKey, String deviceKey, String deviceName, String timezone,
                                 Map<String, Object> deviceAttributes) {
}
