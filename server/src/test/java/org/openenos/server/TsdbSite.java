package org.openenos.server;

import java.util.Map;
import org.openenos.server.ServerTestSupport.Tenant;

/** A registered device in Europe/Berlin whose model has a DI state, a PI meter, a second PI meter and an AI point. */
record TsdbSite(Tenant tenant, String assetId, String productKey, String deviceKey, String deviceSecret) {
    static final String TIMEZONE = "Europe/Berlin";

    static TsdbSite create(Tenant t, String name) {
        String modelId = "site_" + name.replace('-', '_');
        var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()), Map.of(
                "modelId", modelId, "name", Map.of("defaultValue", "Site " + name), "attributes", Map.of(),
                "measurepoints", Map.of(
                        "state", point("state", "INT", "DI"),
                        "meter", point("meter", "DOUBLE", "PI"),
                        "meter2", point("meter2", "DOUBLE", "PI"),
                        "temp", point("temp", "DOUBLE", "AI")),
                "services", Map.of(), "events", Map.of()));
        if (!model.ok()) {
            throw new IllegalStateException("model not created: " + model);
        }
        String pk = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", modelId)).data().asString();
        var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", pk, "deviceKey", name, "deviceName", Map.of("defaultValue", name),
                        "timezone", TIMEZONE));
        if (!dev.ok()) {
            throw new IllegalStateException("device not created: " + dev);
        }
        return new TsdbSite(t, dev.data().path("assetId").asString(), pk, name,
                dev.data().path("deviceSecret").asString());
    }

    ApiClient.Response post(String path, Map<String, ?> body) {
        return tenant.app().post("/tsdb-service/v2.1/" + path, Map.of("orgId", tenant.orgId()), body);
    }

    private static Map<String, Object> point(String id, String dataType, String signalType) {
        return Map.of("identifier", id, "name", Map.of("defaultValue", id), "dataType", dataType,
                "signalType", signalType, "hasQuality", false);
    }
}
