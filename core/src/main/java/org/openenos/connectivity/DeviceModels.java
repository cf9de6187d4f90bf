package org.openenos.connectivity;

import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Product;
import org.openenos.model.ThingModel;
import org.openenos.registry.DeviceDirectory;

/** Finds the thing model of a device through its product. */
public final class DeviceModels {
    private DeviceModels() {
    }

    public static ThingModel of(DeviceDirectory directory, DeviceRef device) {
        Product product = directory.product(device.productKey())
                .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_NOT_FOUND_ON_TOPIC,
                        "product " + device.productKey() + " not found"));
        return directory.model(device.orgId(), product.modelId())
                .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_MODEL_VALIDATION_FAILED,
                        "model " + product.modelId() + " not found"));
    }
}
