package org.openenos.connectivity.upstream;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.DeviceLog;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.protocol.DeviceReply;

/**
 * {@code thing.log.post} ({@code {logs:{traceId, level, module, content, …}, time}}) and
 * {@code network.status.report} ({@code {reportTime, collectTime, rssi, snr, …}}): kept in the device log store,
 * searchable per device. Reference §3 gives log post QoS 0; a QoS 1 post is acknowledged once it is stored.
 */
public final class DeviceLogPostHandler implements UpstreamHandler {
    private static final int MAX_FIELDS = 64;
    private final ConnectivityPorts ports;
    private final DeviceLog.Kind kind;

    public DeviceLogPostHandler(ConnectivityPorts ports, DeviceLog.Kind kind) {
        this.ports = ports;
        this.kind = kind;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        Map<String, Object> params = Params.object(context.request().params(), ErrorCode.DEVICE_MEASUREPOINT_FORMAT,
                "params");
        Map<String, Object> content = new LinkedHashMap<>();
        Object logs = kind == DeviceLog.Kind.LOG ? params.get("logs") : params;
        if (logs instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (content.size() < MAX_FIELDS) {
                    content.put(String.valueOf(key), value);
                }
            });
        } else if (logs != null) {
            content.put("content", logs);
        }
        DeviceRef device = context.target();
        long millis = time(params, kind == DeviceLog.Kind.LOG ? "time" : "reportTime");
        DeviceLog log = new DeviceLog(device.orgId(), device.assetId(), device.productKey(), device.deviceKey(), kind,
                text(content.get("level")), text(content.get("module")), content,
                Instant.ofEpochMilli(millis > 0 ? millis : ports.clock().millis()));
        ports.logs().append(log);
        return CompletableFuture.completedFuture(context.ok(Map.of()));
    }

    private static long time(Map<String, Object> params, String field) {
        return params.get(field) instanceof Number n ? n.longValue() : 0;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
