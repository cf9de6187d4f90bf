package org.openenos.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openenos.simulator.EnosApiClient;
import tools.jackson.databind.JsonNode;

/**
 * Creates what a load run needs in OpenEnOS through the REST API: an organization and application (as the
 * super-administrator), a model with {@code points} AI points {@code p0…}, a product and the devices.
 */
final class OpenEnosFixture {
    record BenchDevice(String productKey, String deviceKey, String deviceSecret, String assetId) {
    }

    record Provisioned(String orgId, EnosApiClient app, List<BenchDevice> devices) {
    }

    private OpenEnosFixture() {
    }

    static Provisioned provision(String api, String adminPassword, int devices, int points) {
        String token = adminToken(api, adminPassword);
        String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String orgId = adminPost(api, token, "/iam-service/v2.1/organizations?action=create",
                Map.of("name", name)).path("orgId").asString();
        JsonNode app = adminPost(api, token, "/iam-service/v2.1/applications?action=create&orgId=" + orgId,
                Map.of("name", name, "role", "ORG_ADMIN"));
        EnosApiClient client = new EnosApiClient(api, app.path("appKey").asString(), app.path("appSecret").asString());
        Map<String, Object> measurepoints = new LinkedHashMap<>();
        for (int i = 0; i < points; i++) {
            measurepoints.put("p" + i, Map.of("identifier", "p" + i, "name", Map.of("defaultValue", "p" + i),
                    "dataType", "DOUBLE", "signalType", "AI"));
        }
        client.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                Map.of("modelId", "benchModel", "name", Map.of("defaultValue", "bench"), "attributes", Map.of(),
                        "measurepoints", measurepoints, "events", Map.of(), "services", Map.of())).orThrow("model");
        String productKey = client.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId),
                Map.of("productName", Map.of("defaultValue", "bench"), "productType", "Device", "dataFormat", "Json",
                        "modelId", "benchModel")).orThrow("product").asString();
        List<BenchDevice> created = new ArrayList<>();
        for (int from = 0; from < devices; from += 1000) {
            List<Map<String, Object>> inputs = new ArrayList<>();
            for (int i = from; i < Math.min(devices, from + 1000); i++) {
                inputs.add(Map.of("productKey", productKey, "deviceKey", "bench-%05d".formatted(i),
                        "timezone", "+00:00", "deviceName", Map.of("defaultValue", "bench " + i)));
            }
            for (JsonNode item : client.post("/connect-service/v2.1/devices", Map.of("action", "batchCreate",
                    "orgId", orgId), Map.of("deviceList", inputs)).orThrow("devices")) {
                if (item.path("code").asInt() != 0) {
                    throw new IllegalStateException("bench device refused: " + item.path("msg").asString());
                }
                JsonNode d = item.path("data");
                created.add(new BenchDevice(productKey, d.path("deviceKey").asString(),
                        d.path("deviceSecret").asString(), d.path("assetId").asString()));
            }
        }
        return new Provisioned(orgId, client, created);
    }

    private static String adminToken(String api, String password) {
        return send(api + "/iam-service/v2.1/users?action=login", null,
                Map.of("username", "admin", "password", password)).path("accessToken").asString();
    }

    private static JsonNode adminPost(String api, String token, String path, Object body) {
        return send(api + path, token, body);
    }

    private static JsonNode send(String url, String token, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(EnosApiClient.JSON.writeValueAsString(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode node = EnosApiClient.JSON.readTree(response.body());
            if (response.statusCode() != 200 || node.path("code").asInt(-1) != 0) {
                throw new IllegalStateException(url + " failed: " + response.statusCode() + " " + response.body());
            }
            return node.path("data");
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(url + " failed", e);
        }
    }
}
