package org.openenos.sdk;

/** A sub-device a gateway logs in (securemode 2, its own secret) — reference §3.1 {@code combine.login}. */
public record SubDevice(String productKey, String deviceKey, String deviceSecret) {
    public DeviceId id() {
        return new DeviceId(productKey, deviceKey);
    }
}
