package org.openenos.rest.registry;

import java.util.List;
import java.util.Map;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.DeviceSessionRegistry;
import org.openenos.connectivity.DisconnectReason;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.model.DeviceStatus;
import org.openenos.registry.DeviceService;
import org.openenos.registry.DeviceStore;
import org.openenos.registry.Page;
import org.openenos.model.identity.Permission.Resource;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiBatchResponse;
import org.openenos.rest.ApiResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /connect-service/v2.1/devices}. Devices are chosen by {@code assetId} or {@code productKey}+{@code
 * deviceKey}. {@code action=batchCreate} takes {@code {deviceList:[…]}} and answers per item: every valid device is
 * created (thousands in one transaction) and every invalid one is reported with its own code and message.
 * {@code action=replaceDevice} gives a device a new key and secret (a replacement unit), keeping its asset id.
 */
@RestController
@RequestMapping("/connect-service/v2.1/devices")
public class DeviceController {
    /** {@code deviceList} is the EnOS name of the list; {@code devices} is accepted as well. */
    public record BatchBody(List<DeviceService.DeviceInput> devices, List<DeviceService.DeviceInput> deviceList) {
        List<DeviceService.DeviceInput> inputs() {
            return deviceList != null ? deviceList : devices;
        }
    }

    public record SearchBody(String productKey, DeviceStatus status, String gatewayAssetId, String keyword,
                             Map<String, String> tags, String expression, PageRequestBody pagination) {
    }

    private final DeviceService devices;
    private final ApiAccess access;

    public record ReplaceBody(String newDeviceKey) {
    }

    private final DeviceSessionRegistry sessions;

    public DeviceController(DeviceService devices, ApiAccess access, Connectivity connectivity) {
        this.devices = devices;
        this.access = access;
        this.sessions = connectivity.sessions();
    }

    @PostMapping(params = "action=create")
    public ApiResponse create(@RequestParam String orgId, @RequestBody DeviceService.DeviceInput body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(created(devices.create(access.caller().principal(), orgId, body)));
    }

    @PostMapping(params = "action=batchCreate")
    public ApiBatchResponse batchCreate(@RequestParam String orgId, @RequestBody BatchBody body) {
        access.requireWrite(orgId);
        if (body.inputs() == null) {
            throw OpenEnosException.badArgument("deviceList: is required");
        }
        List<DeviceService.ItemResult> results = devices.createEach(access.caller().principal(), orgId,
                body.inputs());
        return ApiBatchResponse.of(results.stream().map(r -> switch (r) {
            case DeviceService.ItemResult.Created c -> ApiBatchResponse.Item.ok(created(c.device()));
            case DeviceService.ItemResult.Refused f -> new ApiBatchResponse.Item(f.reason().code().enosCode(),
                    f.reason().getMessage(), null);
        }).toList());
    }

    private static Map<String, String> created(Device d) {
        return Map.of("productKey", d.productKey(), "deviceKey", d.deviceKey(), "deviceSecret", d.deviceSecret(),
                "assetId", d.assetId());
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                           @RequestParam(required = false) String productKey,
                           @RequestParam(required = false) String deviceKey) {
        access.requireRead(orgId);
        return ApiResponse.ok(DeviceView.of(find(orgId, assetId, productKey, deviceKey),
                access.canWrite(Resource.DEVICES)));
    }

    @PostMapping(params = "action=update")
    public ApiResponse update(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                              @RequestParam(required = false) String productKey,
                              @RequestParam(required = false) String deviceKey,
                              @RequestBody DeviceService.DeviceUpdate body) {
        access.requireWrite(orgId);
        Device d = find(orgId, assetId, productKey, deviceKey);
        return ApiResponse.ok(DeviceView.of(devices.update(access.caller().principal(), orgId, d.assetId(), body),
                true));
    }

    @PostMapping(params = "action=delete")
    public ApiResponse delete(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                              @RequestParam(required = false) String productKey,
                              @RequestParam(required = false) String deviceKey) {
        access.requireWrite(orgId);
        Device d = find(orgId, assetId, productKey, deviceKey);
        devices.delete(access.caller().principal(), orgId, d.assetId());
        return ApiResponse.ok(null);
    }

    @PostMapping(params = "action=enable")
    public ApiResponse enable(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                              @RequestParam(required = false) String productKey,
                              @RequestParam(required = false) String deviceKey) {
        access.requireWrite(orgId);
        Device d = find(orgId, assetId, productKey, deviceKey);
        return ApiResponse.ok(DeviceView.of(devices.setEnabled(access.caller().principal(), orgId, d.assetId(),
                true), true));
    }

    @PostMapping(params = "action=disable")
    public ApiResponse disable(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                               @RequestParam(required = false) String productKey,
                               @RequestParam(required = false) String deviceKey) {
        access.requireWrite(orgId);
        Device d = find(orgId, assetId, productKey, deviceKey);
        return ApiResponse.ok(DeviceView.of(devices.setEnabled(access.caller().principal(), orgId, d.assetId(),
                false), true));
    }

    /**
     * EnOS "Replace Device" (reference §6.2 devices): body {@code {newDeviceKey}}; the device keeps its asset id and
     * data, gets a new key and secret and must be activated again. A connection open with the old key is closed.
     */
    @PostMapping(params = "action=replaceDevice")
    public ApiResponse replaceDevice(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                                     @RequestParam(required = false) String productKey,
                                     @RequestParam(required = false) String deviceKey,
                                     @RequestBody ReplaceBody body) {
        access.requireWrite(orgId);
        Device d = find(orgId, assetId, productKey, deviceKey);
        Device replaced = devices.replaceKey(access.caller().principal(), orgId, d.assetId(),
                body == null ? null : body.newDeviceKey());
        sessions.closeSession(d.productKey(), d.deviceKey(), DisconnectReason.CREDENTIALS_REPLACED);
        return ApiResponse.ok(created(replaced));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        SearchBody b = body == null ? new SearchBody(null, null, null, null, null, null, null) : body;
        Page<Device> page = devices.search(new DeviceStore.Query(orgId, b.productKey(), b.status(),
                b.gatewayAssetId(), b.keyword(), b.tags(),
                b.expression() == null ? null : org.openenos.query.FilterExpression.parse(b.expression()), 0, 0,
                access.assetScope()), PageRequestBody.of(b.pagination(), 10));
        boolean secrets = access.canWrite(Resource.DEVICES);
        return ApiResponse.page(page.items().stream().map(d -> DeviceView.of(d, secrets)).toList(),
                new ApiResponse.Pagination(page.pageNo(), page.pageSize(), page.totalSize(), null));
    }

    private Device find(String orgId, String assetId, String productKey, String deviceKey) {
        if (assetId != null) {
            return devices.get(orgId, assetId);
        }
        if (productKey != null && deviceKey != null) {
            return devices.get(orgId, productKey, deviceKey);
        }
        throw OpenEnosException.badArgument("assetId, or productKey and deviceKey, are required");
    }
}
