package org.openenos.connectivity.upstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.DeviceModels;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.model.ThingModel;
import org.openenos.protocol.DeviceReply;

/**
 * {@code thing.tsltemplate.get} → the device's model as {@code {tslAttributeMap, tslMeasurepointMap, tslEventMap,
 * tslServiceMap}}. [U: the inner shape] Each map is keyed by identifier and holds the element's data type.
 */
public final class TslTemplateGetHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;

    public TslTemplateGetHandler(ConnectivityPorts ports) {
        this.ports = ports;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        ThingModel model = DeviceModels.of(ports.directory(), context.target());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("modelId", model.modelId());
        data.put("tslAttributeMap", describe(model.attributes(), a -> Map.of("dataType", a.dataType().name())));
        data.put("tslMeasurepointMap", describe(model.measurepoints(), m -> Map.of("dataType", m.dataType().name(),
                "hasQuality", m.hasQuality(), "signalType", m.signalType().name())));
        data.put("tslEventMap", describe(model.events(), e -> Map.of("eventType", e.eventType().name())));
        data.put("tslServiceMap", describe(model.services(), s -> Map.of("callType", s.callType().name())));
        return CompletableFuture.completedFuture(context.ok(data));
    }

    private static <T> Map<String, Object> describe(Map<String, T> elements,
                                                    java.util.function.Function<T, Map<String, Object>> shape) {
        Map<String, Object> result = new LinkedHashMap<>();
        elements.forEach((id, element) -> {
            Map<String, Object> entry = new LinkedHashMap<>(shape.apply(element));
            entry.put("identifier", id);
            result.put(id, entry);
        });
        return result;
    }
}
