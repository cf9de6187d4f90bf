package org.openenos.model;

import java.time.Instant;
import java.util.Map;

/**
 * A device: identified by productKey + deviceKey, addressed by every data API through its {@code assetId}.
 * {@code gatewayAssetId} is set for a sub-device attached to a gateway.
 */
public record Device(String orgId, String assetId, String productKey, String deviceKey, String deviceSecret,
                     StringI18n deviceName, StringI18n deviceDesc, String timezone,
                     Map<String, Object> deviceAttributes, Map<String, String> deviceTags,
                     DeviceStatus status, boolean enabled, String gatewayAssetId,
                     Instant createTime, Instant activeTime, Instant lastOnlineTime, Instant lastOfflineTime) {
    public Device {
        deviceAttributes = deviceAttributes == null ? Map.of() : deviceAttributes;
        deviceTags = deviceTags == null ? Map.of() : Map.copyOf(deviceTags);
        timezone = timezone == null || timezone.isBlank() ? "+00:00" : timezone;
        status = status == null ? DeviceStatus.inactive : status;
    }

    public boolean isActivated() {
        return activeTime != null;
    }
}
