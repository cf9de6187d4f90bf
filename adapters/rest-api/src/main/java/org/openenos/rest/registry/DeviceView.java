package org.openenos.rest.registry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.model.Device;

/** The device as EnOS {@code get_device} shows it; the secret only for callers that may write. */
final class DeviceView {
    private DeviceView() {
    }

    static Map<String, Object> of(Device d, boolean withSecret) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orgId", d.orgId());
        m.put("assetId", d.assetId());
        m.put("productKey", d.productKey());
        m.put("deviceKey", d.deviceKey());
        if (withSecret) {
            m.put("deviceSecret", d.deviceSecret());
        }
        m.put("deviceName", d.deviceName());
        m.put("deviceDesc", d.deviceDesc());
        m.put("timezone", d.timezone());
        m.put("deviceAttributes", d.deviceAttributes());
        m.put("deviceTags", d.deviceTags());
        m.put("status", d.status());
        m.put("enabled", d.enabled());
        m.put("gatewayAssetId", d.gatewayAssetId());
        m.put("createTime", millis(d.createTime()));
        m.put("activeTime", millis(d.activeTime()));
        m.put("lastOnlineTime", millis(d.lastOnlineTime()));
        m.put("lastOfflineTime", millis(d.lastOfflineTime()));
        return m;
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
