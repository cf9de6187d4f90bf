package org.openenos.connectivity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;

/**
 * Validates the params of {@code thing.measurepoint.post} ({@code {measurepoints:{id: value}, time?}}) against the
 * device's thing model and turns them into {@link MeasurePointValue}s. A malformed shape is 1206; a value that does
 * not fit the model (unknown point, wrong type, bad quality) is 1204 unless {@code skipInvalidMeasurepoints} is set,
 * in which case that point alone is dropped. On a point with quality, {@code {value: null, quality: q}} with a
 * quality other than good is kept as a quality-only value (the reading failed), so the failure is stored and shown.
 */
public final class MeasurepointValidator {
    static final int MAX_QUALITY = 9;
    static final int GOOD = 0;

    public List<MeasurePointValue> validate(ThingModel model, DeviceRef device, Object params, boolean skipInvalid,
                                            long serverTime) {
        if (!(params instanceof Map<?, ?> body) || !(body.get("measurepoints") instanceof Map<?, ?> points)) {
            throw new OpenEnosException(ErrorCode.DEVICE_MEASUREPOINT_FORMAT, "params.measurepoints must be an object");
        }
        long time = time(body.get("time"), serverTime);
        List<MeasurePointValue> values = new ArrayList<>(points.size());
        for (Map.Entry<?, ?> entry : points.entrySet()) {
            String pointId = String.valueOf(entry.getKey());
            ThingMeasurepoint point = model.measurepoints().get(pointId);
            MeasurePointValue value = point == null ? null : value(model, device, point, entry.getValue(), time);
            if (value != null) {
                values.add(value);
            } else if (!skipInvalid) {
                throw new OpenEnosException(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED, point == null
                        ? "measurepoint " + pointId + " is not in model " + model.modelId()
                        : "value of measurepoint " + pointId + " does not match its " + point.dataType() + " type");
            }
        }
        return values;
    }

    /** The point's value, or null when it does not fit the model. */
    private static MeasurePointValue value(ThingModel model, DeviceRef device, ThingMeasurepoint point, Object raw,
                                           long time) {
        Integer quality = null;
        Object value = raw;
        if (point.hasQuality() && raw instanceof Map<?, ?> withQuality && withQuality.containsKey("value")) {
            value = withQuality.get("value");
            Object q = withQuality.get("quality");
            if (q != null) {
                if (!(q instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 0
                        || n.intValue() > MAX_QUALITY) {
                    return null;
                }
                quality = n.intValue();
            }
        }
        if (value == null && quality != null && quality != GOOD) {
            // A failed read (an edge's field device stopped answering) is a fact worth keeping: quality, no value.
            return new MeasurePointValue(device.orgId(), model.modelId(), device.assetId(), point.identifier(), time,
                    null, quality);
        }
        Object coerced = ValueCoercer.coerceOrNull(point.dataType(), point.dataDefinition(), value);
        return coerced == null ? null : new MeasurePointValue(device.orgId(), model.modelId(), device.assetId(),
                point.identifier(), time, coerced, quality);
    }

    private static long time(Object time, long serverTime) {
        if (time == null) {
            return serverTime;
        }
        if (time instanceof Number n && n.longValue() >= 0) {
            return n.longValue();
        }
        throw new OpenEnosException(ErrorCode.DEVICE_MEASUREPOINT_FORMAT, "time must be epoch milliseconds");
    }
}
