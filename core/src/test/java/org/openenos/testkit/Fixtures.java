package org.openenos.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.openenos.model.DataType;
import org.openenos.model.Device;
import org.openenos.model.DeviceStatus;
import org.openenos.model.Product;
import org.openenos.model.SignalType;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingAttribute;
import org.openenos.model.ThingDatapoint;
import org.openenos.model.ThingEvent;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;
import org.openenos.model.ThingService;

/** A small organization: an inverter product and model, a gateway product, and devices of both. */
public final class Fixtures {
    public static final String ORG = "o1";
    public static final String PRODUCT = "pkInv";
    public static final String PRODUCT_SECRET = "productSecret1";
    public static final String GATEWAY_PRODUCT = "pkGw";
    public static final String MODEL = "inverter";

    private Fixtures() {
    }

    public static ThingModel inverterModel() {
        Map<String, ThingMeasurepoint> points = Map.of(
                "power", point("power", DataType.DOUBLE, Map.of(), false),
                "count", point("count", DataType.INT, Map.of(), false),
                "temp", point("temp", DataType.FLOAT, Map.of(), true),
                "state", point("state", DataType.ENUM, Map.of("enumType", "INT",
                        "enumDesc", Map.of("0", Map.of("defaultValue", "off"), "1", Map.of("defaultValue", "on"))), false),
                "pos", point("pos", DataType.STRUCT, Map.of("items", List.of(
                        Map.of("identifier", "lat", "dataType", "DOUBLE", "required", true),
                        Map.of("identifier", "lon", "dataType", "DOUBLE"))), false),
                "curve", point("curve", DataType.ARRAY, Map.of("itemType", "INT"), false));
        ThingDatapoint code = new ThingDatapoint("code", null, null, null, DataType.INT, null, null);
        ThingDatapoint result = new ThingDatapoint("result", null, null, null, DataType.STRING, null, null);
        return new ThingModel(MODEL, null, ORG, StringI18n.of("Inverter"), null, null,
                Map.of("rated", new ThingAttribute("rated", null, null, null, DataType.DOUBLE, null, false, null, null,
                        false, null)),
                points,
                Map.of("reboot", new ThingService("reboot", null, null, null, List.of(code), List.of(result),
                        ThingService.CallType.SYNC)),
                Map.of("fault", new ThingEvent("fault", null, null, null, List.of(code), ThingEvent.EventType.ERROR)));
    }

    public static Product product(boolean dynamicActivation, boolean biDirectionalAuth) {
        return new Product(ORG, PRODUCT, PRODUCT_SECRET, StringI18n.of("Inverter"), null, Product.NodeType.Device,
                Product.DataFormat.Json, MODEL, dynamicActivation, biDirectionalAuth, null, Instant.EPOCH);
    }

    public static Product gatewayProduct() {
        return new Product(ORG, GATEWAY_PRODUCT, "gwProductSecret", StringI18n.of("Gateway"), null,
                Product.NodeType.Gateway, Product.DataFormat.Json, MODEL, false, false, null, Instant.EPOCH);
    }

    public static Device device(String productKey, String deviceKey, boolean activated, boolean enabled,
                                String gatewayAssetId) {
        return new Device(ORG, "asset-" + deviceKey, productKey, deviceKey, "secret-" + deviceKey,
                StringI18n.of(deviceKey), null, null, Map.of(), Map.of(),
                enabled ? DeviceStatus.offline : DeviceStatus.disabled, enabled, gatewayAssetId, Instant.EPOCH,
                activated ? Instant.EPOCH : null, null, null);
    }

    /** A directory with the inverter product (dynamic activation on), the gateway, and devices dev1, gw1, sub1. */
    public static InMemoryDeviceDirectory directory() {
        return new InMemoryDeviceDirectory()
                .add(inverterModel())
                .add(product(true, false))
                .add(gatewayProduct())
                .add(device(PRODUCT, "dev1", true, true, null))
                .add(device(PRODUCT, "dev2", true, true, null))
                .add(device(PRODUCT, "fresh", false, true, null))
                .add(device(PRODUCT, "off", true, false, null))
                .add(device(GATEWAY_PRODUCT, "gw1", true, true, null))
                .add(device(PRODUCT, "sub1", true, true, "asset-gw1"));
    }

    private static ThingMeasurepoint point(String id, DataType type, Map<String, Object> definition,
                                           boolean hasQuality) {
        return new ThingMeasurepoint(id, StringI18n.of(id), null, null, type, definition, hasQuality,
                type.isNumeric() ? SignalType.AI : SignalType.Generic, null);
    }
}
