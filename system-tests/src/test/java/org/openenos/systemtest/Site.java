package org.openenos.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openenos.server.ApiClient;
import org.openenos.testkit.MqttTestDevice;
import tools.jackson.databind.JsonNode;

/** An organization with a model (power, temp, a reboot service), a product and devices, made through the API. */
record Site(String orgId, String appKey, String appSecret, String modelId, List<Device> devices) {
    private static final String EVENTS = "/event-service/v2.1/";

    record Device(String productKey, String deviceKey, String deviceSecret, String assetId) {
        String topic(String suffix) {
            return "/sys/" + productKey + "/" + deviceKey + "/" + suffix;
        }

        /** Logs in; a publish not acknowledged in 30 s fails (and is posted again) rather than waiting forever. */
        MqttTestDevice connect(int mqttPort) throws Exception {
            MqttTestDevice device = MqttTestDevice.connect(mqttPort, productKey, deviceKey, deviceSecret);
            device.client().setTimeToWait(30_000);
            return device;
        }
    }

    static Site create(String base, String name, int deviceCount) {
        ApiClient admin = ApiClient.user(base, "admin", PackagedServer.ADMIN_PASSWORD);
        String orgId = ok(admin.post("/iam-service/v2.1/organizations", Map.of("action", "create"),
                Map.of("name", name))).path("orgId").asString();
        JsonNode created = ok(admin.post("/iam-service/v2.1/applications", Map.of("action", "create", "orgId", orgId),
                Map.of("name", name)));
        ApiClient app = ApiClient.app(base, created.path("appKey").asString(), created.path("appSecret").asString());
        String modelId = "cluster_meter";
        ok(app.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId), Map.of(
                "modelId", modelId, "name", Map.of("defaultValue", "Meter"),
                "measurepoints", Map.of(
                        "power", Map.of("identifier", "power", "name", Map.of("defaultValue", "Power"),
                                "dataType", "DOUBLE", "signalType", "AI", "hasQuality", false),
                        "temp", Map.of("identifier", "temp", "name", Map.of("defaultValue", "Temperature"),
                                "dataType", "DOUBLE", "signalType", "AI", "hasQuality", false),
                        // written by stream jobs (WindowJob), not by the devices
                        "powerSum", Map.of("identifier", "powerSum", "name", Map.of("defaultValue", "Power sum"),
                                "dataType", "DOUBLE", "signalType", "AI", "hasQuality", false)),
                "services", Map.of("reboot", Map.of("identifier", "reboot", "name", Map.of("defaultValue", "Reboot"),
                        "callType", "SYNC",
                        "inputData", List.of(Map.of("identifier", "delay", "name", Map.of("defaultValue", "Delay"),
                                "dataType", "INT")),
                        "outputData", List.of(Map.of("identifier", "result", "name", Map.of("defaultValue", "Result"),
                                "dataType", "STRING")))),
                "events", Map.of())));
        String productKey = ok(app.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId),
                Map.of("productName", Map.of("defaultValue", "meter"), "productType", "Device", "dataFormat", "Json",
                        "modelId", modelId, "biDirectionalAuth", false))).asString();
        var devices = new ArrayList<Device>();
        for (int d = 0; d < deviceCount; d++) {
            JsonNode device = ok(app.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                    Map.of("productKey", productKey, "deviceKey", "meter-" + d,
                            "deviceName", Map.of("defaultValue", "meter " + d))));
            devices.add(new Device(productKey, "meter-" + d, device.path("deviceSecret").asString(),
                    device.path("assetId").asString()));
        }
        return new Site(orgId, created.path("appKey").asString(), created.path("appSecret").asString(), modelId,
                devices);
    }

    List<String> assetIds() {
        return devices.stream().map(Device::assetId).toList();
    }

    /** A major alert rule over the model's points, for every asset. */
    void alertRule(String nodeBase, String condition) {
        ApiClient app = app(nodeBase);
        ok(app.post(EVENTS + "alert-severities", Map.of("action", "create", "orgId", orgId), Map.of("severity",
                Map.of("severityId", "major", "severityDesc", Map.of("defaultValue", "Major")))));
        ok(app.post(EVENTS + "alert-rules", Map.of("action", "create", "orgId", orgId), Map.of("rule", Map.of(
                "ruleId", "hot", "ruleDesc", Map.of("defaultValue", "too hot"), "modelId", modelId,
                "measurepointId", "temp", "condition", condition, "severityId", "major", "isEnabled", true,
                "scope", List.of(Map.of("treeId", "all"))))));
    }

    ApiClient app(String nodeBase) {
        return ApiClient.app(nodeBase, appKey, appSecret);
    }

    /** The API of one node, seen by this site's application. */
    Queries on(String nodeBase) {
        return new Queries(app(nodeBase), orgId);
    }

    record Queries(ApiClient app, String orgId) {
        JsonNode raw(String asset, long start, long end) {
            return raw(asset, "power", start, end);
        }

        JsonNode raw(String asset, String point, long start, long end) {
            return ok(app.post("/tsdb-service/v2.1/raw", Map.of("orgId", orgId), Map.of("assetIds", asset,
                    "pointIds", point, "startTime", Instant.ofEpochMilli(start).toString(),
                    "endTime", Instant.ofEpochMilli(end).toString(), "pageSize", 100_000, "itemFormat", 0)))
                    .path("items");
        }

        /** The stored times of {@code asset}'s power, once every {@code expected} one is there (or the time is up). */
        List<Long> awaitStored(String asset, long start, long end, Collection<Long> expected, Duration atMost)
                throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (true) {
                var times = new ArrayList<Long>();
                raw(asset, start, end).forEach(item -> times.add(item.path("timestamp").asLong()));
                if (times.containsAll(expected) || System.nanoTime() > deadline) {
                    return times;
                }
                Thread.sleep(500);
            }
        }

        JsonNode aggregate(String assets, long start, long end) {
            return aggregate(assets, 60, start, end);
        }

        /** avg, max and count of power over windows of {@code intervalMinutes}. */
        JsonNode aggregate(String assets, int intervalMinutes, long start, long end) {
            return ok(app.post("/tsdb-service/v2.1/ai-normalized", Map.of("orgId", orgId), Map.of("assetIds", assets,
                    "pointIdsWithLogic", "avg(power),max(power),count(power)", "interval", intervalMinutes,
                    "startTime", Instant.ofEpochMilli(start).toString(), "endTime", Instant.ofEpochMilli(end)
                            .toString(), "pageSize", 10_000, "itemFormat", 0))).path("items");
        }

        JsonNode latest(String assets) {
            return ok(app.post("/tsdb-service/v2.1/latest", Map.of("orgId", orgId), Map.of("assetIds", assets,
                    "pointIds", "power,temp"))).path("items");
        }

        /** The alerts of {@code asset} once there is one (or the time is up). */
        List<String> awaitAlerts(String asset, Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            List<String> alerts = alerts(asset);
            while (alerts.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                alerts = alerts(asset);
            }
            return alerts;
        }

        /** Active and recovered alerts of {@code asset}: their event ids. */
        List<String> alerts(String asset) {
            var ids = new ArrayList<String>();
            for (String kind : List.of("active-alerts", "history-alerts")) {
                JsonNode found = ok(app.post(EVENTS + kind, Map.of("action", "search", "orgId", orgId),
                        Map.of("assetId", asset, "pagination", Map.of("pageNo", 1, "pageSize", 100))));
                found.forEach(alert -> ids.add(alert.path("eventId").asString()));
            }
            return ids.stream().sorted().toList();
        }
    }

    private static JsonNode ok(ApiClient.Response response) {
        assertThat(response.ok()).as(response.toString()).isTrue();
        return response.data();
    }
}
