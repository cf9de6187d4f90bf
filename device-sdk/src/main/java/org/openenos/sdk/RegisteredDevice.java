package org.openenos.sdk;

/** A device the server created on {@code thing.device.register}, with the secret it needs to log in. */
public record RegisteredDevice(String assetId, String productKey, String deviceKey, String deviceSecret) {
}
