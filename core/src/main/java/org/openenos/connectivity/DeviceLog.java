package org.openenos.connectivity;

import java.time.Instant;
import java.util.Map;

/**
 * A record a device reports about itself: a log line ({@code thing.log.post}) or its network status
 * ({@code network.status.report}), reference §3 topic table. {@code content} holds the posted fields as they came.
 */
public record DeviceLog(String orgId, String assetId, String productKey, String deviceKey, Kind kind, String level,
                        String module, Map<String, Object> content, Instant time) {
    public enum Kind { LOG, NETWORK_STATUS }

    public DeviceLog {
        content = content == null ? Map.of() : Map.copyOf(content);
    }
}
