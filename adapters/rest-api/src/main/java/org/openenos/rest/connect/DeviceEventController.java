package org.openenos.rest.connect;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.connectivity.DeviceEventStore;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.registry.DeviceService;
import org.openenos.registry.Page;
import org.openenos.registry.Timezones;
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
 * {@code /connect-service/v2.1/events?action=get|search} (reference §6.2): the events devices posted with
 * {@code thing.event.{id}.post}, as {@code {eventId, orgId, productKey, deviceKey, assetId, tslEventKey,
 * tslEventType, output, timestamp, localtime}}; {@code localtime} is in the device's timezone.
 */
@RestController
@RequestMapping("/connect-service/v2.1/events")
public class DeviceEventController {
    public record SearchBody(String assetId, String productKey, String deviceKey, String tslEventKey,
                             String tslEventType, Object startTime, Object endTime, PageRequestBody pagination) {
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final DeviceEventStore events;
    private final DeviceLocator locator;
    private final DeviceService devices;
    private final ApiAccess access;

    public DeviceEventController(DeviceEventStore events, DeviceLocator locator, DeviceService devices,
                                 ApiAccess access) {
        this.events = events;
        this.locator = locator;
        this.devices = devices;
        this.access = access;
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String eventId) {
        access.requireRead(orgId);
        long id;
        try {
            id = Long.parseLong(eventId);
        } catch (NumberFormatException e) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "event " + eventId);
        }
        DeviceEventStore.StoredEvent event = events.find(orgId, id)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "event " + eventId));
        return ApiResponse.ok(view(event, new HashMap<>()));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        SearchBody b = body == null ? new SearchBody(null, null, null, null, null, null, null, null) : body;
        Device device = locator.findOptional(orgId, b.assetId(), b.productKey(), b.deviceKey());
        String type = b.tslEventType() == null || b.tslEventType().isBlank() ? null
                : b.tslEventType().toUpperCase(java.util.Locale.ROOT);
        Page.Request page = PageRequestBody.of(b.pagination(), 10);
        DeviceEventStore.Query query = new DeviceEventStore.Query(orgId, device == null ? null : device.assetId(),
                b.tslEventKey(), type, DeviceLocator.time("startTime", b.startTime()),
                DeviceLocator.time("endTime", b.endTime()), page.offset(), page.pageSize(), access.assetScope());
        Map<String, ZoneId> zones = new HashMap<>();
        return ApiResponse.page(events.search(query).stream().map(e -> view(e, zones)).toList(),
                new ApiResponse.Pagination(page.pageNo(), page.pageSize(), events.count(query), "timestamp DESC"));
    }

    private Map<String, Object> view(DeviceEventStore.StoredEvent e, Map<String, ZoneId> zones) {
        ZoneId zone = zones.computeIfAbsent(e.assetId(), asset -> zoneOf(e.orgId(), asset));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", Long.toString(e.eventId()));
        m.put("orgId", e.orgId());
        m.put("productKey", e.productKey());
        m.put("deviceKey", e.deviceKey());
        m.put("assetId", e.assetId());
        m.put("modelId", e.modelId());
        m.put("tslEventKey", e.eventKey());
        m.put("tslEventType", e.eventType());
        m.put("output", e.output());
        m.put("timestamp", e.time().toEpochMilli());
        m.put("localtime", LOCAL.format(e.time().atZone(zone)));
        return m;
    }

    private ZoneId zoneOf(String orgId, String assetId) {
        try {
            return Timezones.parse(devices.get(orgId, assetId).timezone());
        } catch (OpenEnosException e) {
            return ZoneOffset.UTC; // the device was deleted since: its events stay readable in UTC
        }
    }
}
