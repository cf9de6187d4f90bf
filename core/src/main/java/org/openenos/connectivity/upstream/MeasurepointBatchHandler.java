package org.openenos.connectivity.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.ConnectivityPorts;
import org.openenos.connectivity.DeviceModels;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.MeasurepointValidator;
import org.openenos.connectivity.Params;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.model.MeasurePointValue;
import org.openenos.protocol.DeviceReply;

/**
 * {@code thing.measurepoint.post.batch} and {@code …resume.batch}: {@code params} is an array of items, each for the
 * topic's device or a sub-device; {@code allowOfflineSubDevice} admits sub-devices of this gateway that are not
 * logged in, {@code skipInvalidMeasurepoints} drops the points that do not fit the model instead of failing. Both
 * flags are read at the top level of the message (where the EnOS SDK and docs put them), inside a wrapping
 * {@code params} object, and (skip only) in an item. One bad item fails the whole request (reference §3.1), so nothing is ingested then.
 */
public final class MeasurepointBatchHandler implements UpstreamHandler {
    private final ConnectivityPorts ports;
    private final MeasurepointValidator validator;

    public MeasurepointBatchHandler(ConnectivityPorts ports, MeasurepointValidator validator) {
        this.ports = ports;
        this.validator = validator;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        Object params = context.request().params();
        List<Object> items;
        // EnOS sends both flags at the top level of the message, beside params (reference §3.1)
        boolean allowOffline = Params.flag(context.request().option("allowOfflineSubDevice"));
        boolean skipInvalid = Params.flag(context.request().option("skipInvalidMeasurepoints"));
        if (params instanceof Map<?, ?> wrapper) {
            // the Java SDK wraps the array: {measurepoints:[…], allowOfflineSubDevice, skipInvalidMeasurepoints}
            items = Params.list(wrapper.get("measurepoints"), ErrorCode.DEVICE_MEASUREPOINT_FORMAT, "params");
            allowOffline |= Params.flag(wrapper.get("allowOfflineSubDevice"));
            skipInvalid |= Params.flag(wrapper.get("skipInvalidMeasurepoints"));
        } else {
            items = Params.list(params, ErrorCode.DEVICE_MEASUREPOINT_FORMAT, "params");
        }
        long now = ports.clock().millis();
        List<MeasurePointValue> values = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> body = Params.object(item, ErrorCode.DEVICE_MEASUREPOINT_FORMAT, "batch item");
            DeviceRef device = target(context, body, allowOffline);
            values.addAll(validator.validate(DeviceModels.of(ports.directory(), device), device, body,
                    skipInvalid || Params.flag(body.get("skipInvalidMeasurepoints")), now));
        }
        if (values.isEmpty()) {
            return CompletableFuture.completedFuture(context.ok(Map.of()));
        }
        // Resumed values may have been stored before (the device missed the acknowledgement): stored at most once.
        var ingest = context.route().kind() == org.openenos.protocol.TopicKind.MEASUREPOINT_RESUME_BATCH
                ? ports.ingest().resume(values) : ports.ingest().ingest(values);
        return ingest.thenApply(done -> context.ok(Map.of()));
    }

    private DeviceRef target(UpstreamContext context, Map<String, Object> item, boolean allowOffline) {
        String productKey = Params.optionalString(item, "productKey");
        String deviceKey = Params.optionalString(item, "deviceKey");
        if (productKey == null || deviceKey == null) {
            return context.target();
        }
        var online = context.session().speaksFor(productKey, deviceKey);
        if (online.isPresent()) {
            return online.get();
        }
        if (allowOffline) {
            Device device = ports.directory().device(productKey, deviceKey).orElse(null);
            if (device != null && context.session().device().assetId() != null
                    && context.session().device().assetId().equals(device.gatewayAssetId())) {
                return DeviceRef.of(device);
            }
        }
        throw new OpenEnosException(ErrorCode.DEVICE_SUB_DEVICE_NOT_PERMITTED,
                "no permission for sub-device " + productKey + "/" + deviceKey);
    }
}
