package org.openenos.connectivity.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.DeviceEventRecord;
import org.openenos.connectivity.DeviceModels;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.MeasurepointValidator;
import org.openenos.connectivity.ModelValues;
import org.openenos.connectivity.Params;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.ThingModel;

/**
 * The integration channel (reference §3.1, {@code /sys/{pk}/integration/*}, and the connect-service
 * {@code integration?action=postMeasurepoint|postEvent|postAttribute}, §6.2): a third-party system pushes data for
 * many devices of one organization in one request, each item naming its device by {@code assetId} or
 * {@code productKey}+{@code deviceKey}. Every item goes through the same model validation and durable ingest as a
 * device's own post. A device outside the organization is "not found", whatever its keys.
 *
 * <p>{@link Mode#ALL_OR_NOTHING} (the MQTT channel, where EnOS fails the whole request with the first error) applies
 * nothing when one item is bad; {@link Mode#PER_ITEM} (the HTTP API) applies the good items and reports the bad ones.
 */
public final class IntegrationService {
    public static final int MAX_ITEMS = 1000;

    public enum Mode { ALL_OR_NOTHING, PER_ITEM }

    /** The outcome of one item, in input order: the device it named (when found) and its error, if any. */
    public record ItemResult(int index, DeviceRef device, ErrorCode error, String message) {
        public boolean ok() {
            return error == null;
        }
    }

    private final ConnectivityPorts ports;
    private final MeasurepointValidator validator = new MeasurepointValidator();

    public IntegrationService(ConnectivityPorts ports) {
        this.ports = ports;
    }

    /** Items {@code {assetId | productKey?+deviceKey, time?, measurepoints:{…}}}; {@code productKey} by default. */
    public CompletableFuture<List<ItemResult>> postMeasurepoints(String orgId, String productKey, List<?> items,
                                                                 Mode mode) {
        long now = ports.clock().millis();
        Prepared<List<MeasurePointValue>> prepared = prepare(orgId, productKey, items, (device, body) ->
                validator.validate(DeviceModels.of(ports.directory(), device), device, body,
                        Params.flag(body.get("skipInvalidMeasurepoints")), now));
        if (prepared.refused(mode)) {
            return CompletableFuture.completedFuture(prepared.results());
        }
        List<MeasurePointValue> values = prepared.accepted().stream().flatMap(List::stream).toList();
        if (values.isEmpty()) {
            return CompletableFuture.completedFuture(prepared.results());
        }
        return ports.ingest().ingest(values).thenApply(done -> prepared.results());
    }

    /** Items {@code {assetId | productKey?+deviceKey, time?, events:{eventId:{output: v}}}}. */
    public CompletableFuture<List<ItemResult>> postEvents(String orgId, String productKey, List<?> items, Mode mode) {
        long now = ports.clock().millis();
        Prepared<List<DeviceEventRecord>> prepared = prepare(orgId, productKey, items, (device, body) -> {
            ThingModel model = DeviceModels.of(ports.directory(), device);
            Map<String, Object> events = Params.object(body.get("events"), ErrorCode.DEVICE_PAYLOAD_FORMAT, "events");
            long time = time(body.get("time"), now);
            List<DeviceEventRecord> records = new ArrayList<>();
            events.forEach((eventId, outputs) -> records.add(ModelValues.event(model, device, eventId,
                    outputs == null ? Map.of() : Params.object(outputs, ErrorCode.DEVICE_PAYLOAD_FORMAT,
                            "events." + eventId), time)));
            return records;
        });
        if (prepared.refused(mode)) {
            return CompletableFuture.completedFuture(prepared.results());
        }
        CompletableFuture<?>[] stored = prepared.accepted().stream().flatMap(List::stream)
                .map(record -> ports.events().accept(record)).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(stored).thenApply(done -> prepared.results());
    }

    /** Items {@code {assetId | productKey?+deviceKey, attributes:{id: v}}}. */
    public CompletableFuture<List<ItemResult>> postAttributes(String orgId, String productKey, List<?> items,
                                                              Mode mode) {
        record Update(String assetId, Map<String, Object> values) {
        }
        Prepared<Update> prepared = prepare(orgId, productKey, items, (device, body) -> {
            Map<String, Object> attributes = Params.object(body.get("attributes"),
                    ErrorCode.DEVICE_ATTRIBUTE_UPDATE_FORMAT, "attributes");
            return new Update(device.assetId(), ModelValues.attributes(DeviceModels.of(ports.directory(), device),
                    attributes));
        });
        if (!prepared.refused(mode)) {
            prepared.accepted().forEach(u -> ports.directory().updateAttributes(u.assetId(), u.values()));
        }
        return CompletableFuture.completedFuture(prepared.results());
    }

    @FunctionalInterface
    private interface Step<T> {
        T apply(DeviceRef device, Map<String, Object> body);
    }

    private record Prepared<T>(List<ItemResult> results, List<T> accepted) {
        boolean refused(Mode mode) {
            return accepted.isEmpty() || mode == Mode.ALL_OR_NOTHING && results.stream().anyMatch(r -> !r.ok());
        }
    }

    private <T> Prepared<T> prepare(String orgId, String productKey, List<?> items, Step<T> step) {
        if (items.size() > MAX_ITEMS) {
            throw new OpenEnosException(ErrorCode.DEVICE_PAYLOAD_FORMAT, "at most " + MAX_ITEMS + " items per request");
        }
        List<ItemResult> results = new ArrayList<>(items.size());
        List<T> accepted = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            DeviceRef device = null;
            try {
                Map<String, Object> body = Params.object(items.get(i), ErrorCode.DEVICE_PAYLOAD_FORMAT, "item");
                device = device(orgId, productKey, body);
                accepted.add(step.apply(device, body));
                results.add(new ItemResult(i, device, null, null));
            } catch (OpenEnosException e) {
                results.add(new ItemResult(i, device, e.code(), e.getMessage()));
            }
        }
        return new Prepared<>(List.copyOf(results), accepted);
    }

    private DeviceRef device(String orgId, String productKey, Map<String, Object> item) {
        String assetId = Params.optionalString(item, "assetId");
        String pk = item.get("productKey") != null ? Params.optionalString(item, "productKey") : productKey;
        String dk = Params.optionalString(item, "deviceKey");
        Device device;
        if (assetId != null) {
            device = ports.directory().deviceByAsset(assetId).orElse(null);
        } else if (pk != null && dk != null) {
            device = ports.directory().device(pk, dk).orElse(null);
        } else {
            throw new OpenEnosException(ErrorCode.DEVICE_PAYLOAD_FORMAT,
                    "an item needs assetId, or productKey and deviceKey");
        }
        if (device == null || !device.orgId().equals(orgId)) {
            throw new OpenEnosException(ErrorCode.DEVICE_NOT_FOUND_ON_TOPIC, "device not found: "
                    + (assetId != null ? assetId : pk + "/" + dk));
        }
        return DeviceRef.of(device);
    }

    private static long time(Object time, long now) {
        if (time == null) {
            return now;
        }
        if (time instanceof Number n && n.longValue() >= 0) {
            return n.longValue();
        }
        throw new OpenEnosException(ErrorCode.DEVICE_PAYLOAD_FORMAT, "time must be epoch milliseconds");
    }
}
