package org.openenos.rest.connect;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openenos.connectivity.ConnectionEvent;
import org.openenos.connectivity.ConnectionEventStore;
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
 * {@code /connect-service/v2.1/device-connection-events?action=search}: when devices came online and went offline,
 * from which address and over which transport. Not an EnOS API; it follows the same conventions.
 */
@RestController
@RequestMapping("/connect-service/v2.1/device-connection-events")
public class ConnectionEventController {
    public record SearchBody(String assetId, String productKey, String deviceKey, String eventType, Object startTime,
                             Object endTime, PageRequestBody pagination) {
    }

    private final ConnectionEventStore events;
    private final DeviceLocator locator;
    private final ApiAccess access;

    public ConnectionEventController(ConnectionEventStore events, DeviceLocator locator, ApiAccess access) {
        this.events = events;
        this.locator = locator;
        this.access = access;
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        SearchBody b = body == null ? new SearchBody(null, null, null, null, null, null, null) : body;
        Device device = locator.findOptional(orgId, b.assetId(), b.productKey(), b.deviceKey());
        Page.Request page = PageRequestBody.of(b.pagination(), 10);
        ConnectionEventStore.Query query = new ConnectionEventStore.Query(orgId,
                device == null ? null : device.assetId(), type(b.eventType()),
                DeviceLocator.time("startTime", b.startTime()), DeviceLocator.time("endTime", b.endTime()),
                page.offset(), page.pageSize(), access.assetScope());
        return ApiResponse.page(events.search(query).stream().map(ConnectionEventController::view).toList(),
                new ApiResponse.Pagination(page.pageNo(), page.pageSize(), events.count(query), "time DESC"));
    }

    private static ConnectionEvent.Type type(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ConnectionEvent.Type.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument("eventType: ONLINE or OFFLINE");
        }
    }

    private static Map<String, Object> view(ConnectionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assetId", e.assetId());
        m.put("productKey", e.productKey());
        m.put("deviceKey", e.deviceKey());
        m.put("eventType", e.type().name());
        m.put("time", e.time().toEpochMilli());
        m.put("clientAddress", e.clientAddress());
        m.put("transport", e.transport());
        return m;
    }
}
