package org.openenos.rest.connect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openenos.connectivity.DeviceLog;
import org.openenos.connectivity.DeviceLogStore;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.registry.Page;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.DeviceLocator;
import org.openenos.rest.registry.PageRequestBody;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /connect-service/v2.1/device-logs?action=search}: what EnOS calls device logs, the connection log of
 * devices (online and offline, from which address; the same records as {@code device-connection-events}) — and,
 * with {@code logType} {@code device} or {@code network}, the logs devices post themselves
 * ({@code thing.log.post}) and their network status reports ({@code network.status.report}), newest first.
 */
@RestController
@RequestMapping("/connect-service/v2.1/device-logs")
public class DeviceLogController {
    public record SearchBody(String assetId, String productKey, String deviceKey, String logType, String eventType,
                             String level, Object startTime, Object endTime, PageRequestBody pagination) {
    }

    private final DeviceLogStore logs;
    private final ConnectionEventController connectionLog;
    private final DeviceLocator locator;
    private final ApiAccess access;

    public DeviceLogController(DeviceLogStore logs, ConnectionEventController connectionLog, DeviceLocator locator,
                               ApiAccess access) {
        this.logs = logs;
        this.connectionLog = connectionLog;
        this.locator = locator;
        this.access = access;
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        SearchBody b = body == null ? new SearchBody(null, null, null, null, null, null, null, null, null) : body;
        String type = b.logType() == null || b.logType().isBlank() ? "connection"
                : b.logType().strip().toLowerCase(Locale.ROOT);
        DeviceLog.Kind kind = switch (type) {
            case "connection" -> null;
            case "device" -> DeviceLog.Kind.LOG;
            case "network" -> DeviceLog.Kind.NETWORK_STATUS;
            default -> throw OpenEnosException.badArgument("logType: connection, device or network");
        };
        if (kind == null) {
            return connectionLog.search(orgId, new ConnectionEventController.SearchBody(b.assetId(), b.productKey(),
                    b.deviceKey(), b.eventType(), b.startTime(), b.endTime(), b.pagination()));
        }
        Device device = locator.findOptional(orgId, b.assetId(), b.productKey(), b.deviceKey());
        Page.Request page = PageRequestBody.of(b.pagination(), 10);
        DeviceLogStore.Query query = new DeviceLogStore.Query(orgId, device == null ? null : device.assetId(), kind,
                b.level() == null || b.level().isBlank() ? null : b.level().strip(),
                DeviceLocator.time("startTime", b.startTime()), DeviceLocator.time("endTime", b.endTime()),
                page.offset(), page.pageSize(), access.assetScope());
        return ApiResponse.page(logs.search(query).stream().map(DeviceLogController::view).toList(),
                new ApiResponse.Pagination(page.pageNo(), page.pageSize(), logs.count(query), "time DESC"));
    }

    private static Map<String, Object> view(DeviceLog log) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assetId", log.assetId());
        m.put("productKey", log.productKey());
        m.put("deviceKey", log.deviceKey());
        m.put("logType", log.kind() == DeviceLog.Kind.LOG ? "device" : "network");
        m.put("level", log.level());
        m.put("module", log.module());
        m.put("content", log.content());
        m.put("time", log.time().toEpochMilli());
        return m;
    }
}
