package org.openenos.testkit;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Organizations, users, thing models, products and devices created through the platform's own REST API, the way a
 * user's program would: org → model → product → device. It calls the API through {@link Api}, so any HTTP client that signs requests
 * (bearer token or apim signature) can drive it.
 */
public final class ApiFixtures {
    /** One signed POST to the service API; returns the response envelope ({@code code}, {@code msg}, {@code data}). */
    @FunctionalInterface
    public interface Api {
        JsonNode post(String path, Map<String, ?> params, Object body);
    }

    public record CreatedOrganization(String orgId, String appKey, String appSecret) {
    }

    public record CreatedProduct(String productKey, String productSecret) {
    }

    public record CreatedDevice(String deviceKey, String deviceSecret, String assetId) {
    }

    private final Api api;
    private final String orgId;

    public ApiFixtures(Api api, String orgId) {
        this.api = api;
        this.orgId = orgId;
    }

    /** A new organization with an application acting in it; {@code superAdmin} signs in as the super administrator. */
    public static CreatedOrganization createOrganization(Api superAdmin, String name) {
        JsonNode org = ok("organization create", superAdmin.post("/iam-service/v2.1/organizations",
                Map.of("action", "create"), Map.of("name", name)));
        String orgId = org.path("data").path("orgId").asString();
        JsonNode app = ok("application create", superAdmin.post("/iam-service/v2.1/applications",
                Map.of("action", "create", "orgId", orgId), Map.of("name", "app-" + name)));
        return new CreatedOrganization(orgId, app.path("data").path("appKey").asString(),
                app.path("data").path("appSecret").asString());
    }

    /** A user of the organization with a role ({@code ORG_ADMIN}, {@code EDITOR}, {@code VIEWER}...). */
    public void createUser(String username, String password, String role) {
        ok("user create", api.post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", orgId),
                Map.of("username", username, "password", password, "role", role)));
    }

    /** A wind turbine model: attribute ratedPower, points power and temp (DOUBLE, AI), event fault, service restart. */
    public static Map<String, Object> turbineModel(String modelId) {
        Map<String, Object> name = Map.of("defaultValue", modelId);
        return Map.of("modelId", modelId, "name", name,
                "attributes", Map.of("ratedPower", Map.of("name", name, "dataType", "DOUBLE", "isRequired", false)),
                "measurepoints", Map.of(
                        "power", Map.of("identifier", "power", "name", name, "dataType", "DOUBLE", "signalType", "AI"),
                        "temp", Map.of("identifier", "temp", "name", name, "dataType", "DOUBLE", "signalType", "AI")),
                "events", Map.of("fault", Map.of("identifier", "fault", "name", name, "eventType", "ERROR",
                        "outputData", List.of(Map.of("identifier", "code", "name", name, "dataType", "INT")))),
                "services", Map.of("restart", Map.of("identifier", "restart", "name", name, "callType", "SYNC",
                        "inputData", List.of(Map.of("identifier", "delay", "name", name, "dataType", "INT")),
                        "outputData", List.of(Map.of("identifier", "accepted", "name", name, "dataType", "BOOL")))));
    }

    /** Creates the {@link #turbineModel turbine model} with this id. */
    public void createTurbineModel(String modelId) {
        ok("model create", api.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                turbineModel(modelId)));
    }

    /** A product of the model; {@code type} is {@code Device} or {@code Gateway}. */
    public CreatedProduct createProduct(String modelId, String type, boolean dynamicActivation) {
        JsonNode created = ok("product create", api.post("/connect-service/v2.1/products",
                Map.of("action", "create", "orgId", orgId),
                Map.of("productName", Map.of("defaultValue", "p " + modelId), "productType", type,
                        "dataFormat", "Json", "modelId", modelId, "dynamicActivateEnabled", dynamicActivation)));
        String productKey = created.path("data").asString();
        JsonNode got = ok("product get", api.post("/connect-service/v2.1/products",
                Map.of("action", "get", "orgId", orgId, "productKey", productKey), null));
        return new CreatedProduct(productKey, got.path("data").path("productSecret").asString());
    }

    /** A device of the product, in time zone +00:00, named after its key. */
    public CreatedDevice createDevice(String productKey, String deviceKey) {
        JsonNode created = ok("device create", api.post("/connect-service/v2.1/devices",
                Map.of("action", "create", "orgId", orgId),
                Map.of("productKey", productKey, "deviceKey", deviceKey, "timezone", "+00:00",
                        "deviceName", Map.of("defaultValue", deviceKey))));
        JsonNode data = created.path("data");
        return new CreatedDevice(deviceKey, data.path("deviceSecret").asString(), data.path("assetId").asString());
    }

    private static JsonNode ok(String what, JsonNode envelope) {
        if (envelope.path("code").asInt(-1) != 0) {
            throw new AssertionError(what + " failed: " + envelope);
        }
        return envelope;
    }
}
