package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.beans.factory.annotation.Autowired;

/** Helpers for tests with real devices: a model with a service and an event, a product and its devices. */
abstract class ConnectivityTestBase extends ServerTestBase {
    @Autowired
    protected MqttGateway gateway;

    protected record DeviceInfo(String orgId, String productKey, String deviceKey, String deviceSecret,
                                String assetId) {
        String topic(String suffix) {
            return "/sys/" + productKey + "/" + deviceKey + "/" + suffix;
        }
    }

    protected static Map<String, Object> controllableModel(String modelId) {
        Map<String, Object> model = new java.util.HashMap<>(simpleModel(modelId));
        model.put("services", Map.of(
                "reboot", Map.of("identifier", "reboot", "name", Map.of("defaultValue", "Reboot"), "callType", "SYNC",
                        "inputData", List.of(Map.of("identifier", "delay", "name", Map.of("defaultValue", "Delay"),
                                "dataType", "INT")),
                        "outputData", List.of(Map.of("identifier", "result", "name", Map.of("defaultValue", "Result"),
                                "dataType", "STRING"))),
                "flash", Map.of("identifier", "flash", "name", Map.of("defaultValue", "Flash"), "callType", "ASYNC",
                        "inputData", List.of(), "outputData", List.of())));
        model.put("events", Map.of("overheat", Map.of("identifier", "overheat", "name",
                Map.of("defaultValue", "Overheat"), "eventType", "WARN",
                "outputData", List.of(Map.of("identifier", "temp", "name", Map.of("defaultValue", "Temp"),
                        "dataType", "DOUBLE")))));
        return model;
    }

    /** A model, a product (two-way TLS when {@code biDirectionalAuth}) and {@code count} devices in it. */
    protected List<DeviceInfo> devices(Tenant t, String modelId, boolean biDirectionalAuth, int count) {
        var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                controllableModel(modelId));
        assertThat(model.ok()).as(model.toString()).isTrue();
        var product = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p " + modelId), "productType", "Device",
                        "dataFormat", "Json", "modelId", modelId, "biDirectionalAuth", biDirectionalAuth));
        assertThat(product.ok()).as(product.toString()).isTrue();
        String productKey = product.data().asString();
        List<DeviceInfo> result = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            var device = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                    Map.of("productKey", productKey, "timezone", "+08:00",
                            "deviceName", Map.of("defaultValue", "device " + i)));
            assertThat(device.ok()).as(device.toString()).isTrue();
            result.add(new DeviceInfo(t.orgId(), productKey, device.data().path("deviceKey").asString(),
                    device.data().path("deviceSecret").asString(), device.data().path("assetId").asString()));
        }
        return result;
    }

    protected MqttTestDevice connect(DeviceInfo d) throws Exception {
        return MqttTestDevice.connect(gateway.port(), d.productKey(), d.deviceKey(), d.deviceSecret());
    }

    protected static String request(String id, String method, String params) {
        return "{\"id\":\"" + id + "\",\"version\":\"1.1\",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }
}
