package org.openenos.rest.registry;

import java.util.List;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.registry.DeviceService;
import org.openenos.registry.TopologyService;
import org.openenos.model.identity.Permission.Resource;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /connect-service/v2.1/device-topos}: the gateway is chosen by query parameters, sub-devices in the body. */
@RestController
@RequestMapping("/connect-service/v2.1/device-topos")
public class DeviceTopoController {
    public record SubDeviceRef(String assetId, String productKey, String deviceKey) {
    }

    public record SubDevicesBody(List<SubDeviceRef> subDevices) {
    }

    private final TopologyService topology;
    private final DeviceService devices;
    private final ApiAccess access;

    public DeviceTopoController(TopologyService topology, DeviceService devices, ApiAccess access) {
        this.topology = topology;
        this.devices = devices;
        this.access = access;
    }

    @PostMapping(params = "action=addSubDevice")
    public ApiResponse add(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                           @RequestParam(required = false) String productKey,
                           @RequestParam(required = false) String deviceKey, @RequestBody SubDevicesBody body) {
        access.requireWrite(orgId);
        topology.addSubDevices(orgId, resolve(orgId, assetId, productKey, deviceKey), subs(orgId, body));
        return ApiResponse.ok(null);
    }

    @PostMapping(params = "action=removeSubDevice")
    public ApiResponse remove(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                              @RequestParam(required = false) String productKey,
                              @RequestParam(required = false) String deviceKey, @RequestBody SubDevicesBody body) {
        access.requireWrite(orgId);
        topology.removeSubDevices(orgId, resolve(orgId, assetId, productKey, deviceKey), subs(orgId, body));
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=searchSubDevice", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                              @RequestParam(required = false) String productKey,
                              @RequestParam(required = false) String deviceKey) {
        access.requireRead(orgId);
        boolean secrets = access.canWrite(Resource.DEVICES);
        return ApiResponse.ok(topology.subDevices(orgId, resolve(orgId, assetId, productKey, deviceKey)).stream()
                .map(d -> DeviceView.of(d, secrets)).toList());
    }

    @RequestMapping(params = "action=getGateway", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse gateway(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                               @RequestParam(required = false) String productKey,
                               @RequestParam(required = false) String deviceKey) {
        access.requireRead(orgId);
        Device gw = topology.gatewayOf(orgId, resolve(orgId, assetId, productKey, deviceKey));
        return ApiResponse.ok(DeviceView.of(gw, access.canWrite(Resource.DEVICES)));
    }

    private List<String> subs(String orgId, SubDevicesBody body) {
        if (body == null || body.subDevices() == null || body.subDevices().isEmpty()) {
            throw OpenEnosException.badArgument("subDevices: a non-empty list is required");
        }
        return body.subDevices().stream()
                .map(s -> resolve(orgId, s.assetId(), s.productKey(), s.deviceKey())).toList();
    }

    private String resolve(String orgId, String assetId, String productKey, String deviceKey) {
        if (assetId != null) {
            return devices.get(orgId, assetId).assetId();
        }
        if (productKey != null && deviceKey != null) {
            return devices.get(orgId, productKey, deviceKey).assetId();
        }
        throw OpenEnosException.badArgument("assetId, or productKey and deviceKey, are required");
    }
}
