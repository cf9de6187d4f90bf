package org.openenos.connectivity;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.ThingAttribute;
import org.openenos.model.ThingDatapoint;
import org.openenos.model.ThingEvent;
import org.openenos.model.ThingModel;

/**
 * Checks event outputs and attribute values against the thing model (1204 when they do not fit), shared by the
 * device's own topics and the integration channel, so both accept exactly the same values.
 */
public final class ModelValues {
    private ModelValues() {
    }

    /** The model's event {@code eventId} with {@code outputs} coerced to their types, as a record to store. */
    public static DeviceEventRecord event(ThingModel model, DeviceRef device, String eventId,
                                          Map<String, Object> outputs, long time) {
        ThingEvent event = model.events().get(eventId);
        if (event == null) {
            throw new OpenEnosException(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED, "event " + eventId + " is not in the model");
        }
        Map<String, Object> coerced = new LinkedHashMap<>();
        for (Map.Entry<String, Object> output : outputs.entrySet()) {
            ThingDatapoint datapoint = event.outputData().stream()
                    .filter(d -> d.identifier().equals(output.getKey())).findFirst()
                    .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED,
                            "event output " + output.getKey() + " is not in the model"));
            coerced.put(output.getKey(), ValueCoercer.coerce(datapoint.dataType(), datapoint.dataDefinition(),
                    output.getValue()).orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED,
                    "event output " + output.getKey() + " does not match its type")));
        }
        return new DeviceEventRecord(device.orgId(), model.modelId(), device.assetId(), eventId, event.eventType(),
                coerced, time);
    }

    /** {@code attributes} coerced to the types of the model's attributes. */
    public static Map<String, Object> attributes(ThingModel model, Map<String, Object> attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach((id, value) -> {
            ThingAttribute attribute = model.attributes().get(id);
            if (attribute == null) {
                throw new OpenEnosException(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED, "attribute " + id + " is not in the model");
            }
            values.put(id, ValueCoercer.coerce(attribute.dataType(), attribute.dataDefinition(), value)
                    .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED,
                            "attribute " + id + " does not match its " + attribute.dataType() + " type")));
        });
        return values;
    }
}
