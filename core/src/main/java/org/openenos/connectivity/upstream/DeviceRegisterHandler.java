package org.openenos.connectivity.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.model.StringI18n;
import org.openenos.protocol.DeviceReply;

/**
 * {@code thing.device.register}: a gateway registers up to 1000 devices of products in its own organization →
 * {@code [{assetId, productKey, deviceKey, deviceSecret}]}.
 */
public final class DeviceRegisterHandler implements UpstreamHandler {
    static final int MAX_DEVICES = 1000;
    private final ConnectivityPorts ports;

    public DeviceRegisterHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        ErrorCode format = ErrorCode.DEVICE_PAYLOAD_FORMAT;
        List<Object> items = Params.list(context.request().params(), format, "params");
        if (items.size() > MAX_DEVICES) {
            throw new OpenEnosException(format, "at most " + MAX_DEVICES + " devices per request");
        }
        String orgId = context.target().orgId();
        List<Object> registered = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> spec = Params.object(item, format, "device");
            String productKey = Params.string(spec, "productKey", format);
            ports.directory().product(productKey).filter(p -> orgId.equals(p.orgId()))
                    .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_UNKNOWN, "product " + productKey + " not found"));
            Device device = ports.directory().register(orgId, productKey, Params.optionalString(spec, "deviceKey"),
                    name(spec.get("deviceName")), Params.optionalString(spec, "timezone"),
                    spec.get("deviceAttributes") == null ? Map.of()
                            : Params.object(spec.get("deviceAttributes"), format, "deviceAttributes"));
            registered.add(Map.of("assetId", device.assetId(), "productKey", device.productKey(),
                    "deviceKey", device.deviceKey(), "deviceSecret", device.deviceSecret()));
        }
        return CompletableFuture.completedFuture(context.ok(registered));
    }

    private static StringI18n name(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, String> i18n = new java.util.HashMap<>();
            if (map.get("i18nValue") instanceof Map<?, ?> translations) {
                translations.forEach((k, v) -> i18n.put(String.valueOf(k), String.valueOf(v)));
            }
            Object text = map.get("defaultValue");
            return new StringI18n(text == null ? null : text.toString(), i18n);
        }
        return value == null ? null : StringI18n.of(value.toString());
    }
}
