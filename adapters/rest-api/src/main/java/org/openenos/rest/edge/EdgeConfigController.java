package org.openenos.rest.edge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openenos.connectivity.DeviceRef;
import org.openenos.edgemanagement.EdgeConfigService;
import org.openenos.edgemanagement.EdgeConfigVersion;
import org.openenos.edgemanagement.EdgeGatewayState;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.DeviceLocator;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /edge-service/v2.1/edge-configs?action=…}: the field configuration of an edge gateway kept in the cloud
 * (issue 21, ADR 0059). {@code save} keeps a new version (refused with the edge's own message when invalid),
 * {@code validate} only checks, {@code get} and {@code list} read versions, {@code push} sends one to the edge and
 * {@code status} shows what the edge reported (applied version or refusal, connections, devices, buffer).
 */
@RestController
@RequestMapping("/edge-service/v2.1/edge-configs")
public class EdgeConfigController {
    /** {@code config}: the YAML or JSON text of {@code connections} and {@code devices}. */
    public record ConfigBody(String config, String comment) {
    }

    private final EdgeConfigService edges;
    private final DeviceLocator locator;
    private final ApiAccess access;

    public EdgeConfigController(EdgeConfigService edges, DeviceLocator locator, ApiAccess access) {
        this.edges = edges;
        this.locator = locator;
        this.access = access;
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                           @RequestParam(required = false) String productKey,
                           @RequestParam(required = false) String deviceKey,
                           @RequestParam(required = false) Long version) {
        access.requireRead(orgId);
        DeviceRef gateway = gateway(orgId, assetId, productKey, deviceKey);
        Optional<EdgeConfigVersion> found = version == null ? edges.latest(gateway)
                : Optional.of(edges.version(gateway, version));
        return ApiResponse.ok(found.map(v -> view(v, true)).orElse(null));
    }

    @RequestMapping(params = "action=list", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse list(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                            @RequestParam(required = false) String productKey,
                            @RequestParam(required = false) String deviceKey) {
        access.requireRead(orgId);
        DeviceRef gateway = gateway(orgId, assetId, productKey, deviceKey);
        return ApiResponse.ok(edges.versions(gateway).stream().map(v -> view(v, false)).toList());
    }

    @RequestMapping(params = "action=validate", method = RequestMethod.POST)
    public ApiResponse validate(@RequestParam String orgId, @RequestBody ConfigBody body) {
        access.requireRead(orgId);
        Optional<String> problem = edges.validate(body.config());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("valid", problem.isEmpty());
        result.put("message", problem.orElse(null));
        return ApiResponse.ok(result);
    }

    @RequestMapping(params = "action=save", method = RequestMethod.POST)
    public ApiResponse save(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                            @RequestParam(required = false) String productKey,
                            @RequestParam(required = false) String deviceKey, @RequestBody ConfigBody body) {
        access.requireWrite(orgId);
        DeviceRef gateway = gateway(orgId, assetId, productKey, deviceKey);
        String author = access.caller().name() != null ? access.caller().name() : access.caller().id();
        return ApiResponse.ok(view(edges.save(gateway, body.config(), author, body.comment()), false));
    }

    @RequestMapping(params = "action=push", method = RequestMethod.POST)
    public ApiResponse push(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                            @RequestParam(required = false) String productKey,
                            @RequestParam(required = false) String deviceKey,
                            @RequestParam(required = false) Long version) {
        access.requireWrite(orgId);
        DeviceRef gateway = gateway(orgId, assetId, productKey, deviceKey);
        return ApiResponse.ok(Map.of("version", edges.push(gateway, version).version(), "pushed", true));
    }

    @RequestMapping(params = "action=status", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse status(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                              @RequestParam(required = false) String productKey,
                              @RequestParam(required = false) String deviceKey) {
        access.requireRead(orgId);
        DeviceRef gateway = gateway(orgId, assetId, productKey, deviceKey);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("assetId", gateway.assetId());
        view.put("latestVersion", edges.versions(gateway).stream().findFirst().map(EdgeConfigVersion::version)
                .orElse(null));
        Optional<EdgeGatewayState> state = edges.state(gateway);
        view.put("desiredVersion", state.map(EdgeGatewayState::desiredVersion).orElse(null));
        view.put("pushedAt", state.map(EdgeGatewayState::pushedAt).map(t -> t.toEpochMilli()).orElse(null));
        view.put("appliedVersion", state.map(EdgeGatewayState::appliedVersion).orElse(null));
        view.put("configError", state.map(EdgeGatewayState::configError).orElse(null));
        view.put("reportedAt", state.map(EdgeGatewayState::reportedAt).map(t -> t.toEpochMilli()).orElse(null));
        view.put("status", state.map(EdgeGatewayState::status).orElse(null));
        return ApiResponse.ok(view);
    }

    private DeviceRef gateway(String orgId, String assetId, String productKey, String deviceKey) {
        Device device = locator.find(orgId, assetId, productKey, deviceKey);
        if (device == null) {
            throw OpenEnosException.badArgument("no such device");
        }
        return new DeviceRef(orgId, device.assetId(), device.productKey(), device.deviceKey());
    }

    private static Map<String, Object> view(EdgeConfigVersion v, boolean withContent) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assetId", v.assetId());
        m.put("version", v.version());
        m.put("author", v.author());
        m.put("comment", v.comment());
        m.put("createTime", v.createdAt().toEpochMilli());
        if (withContent) {
            m.put("config", v.content());
        }
        return m;
    }
}
