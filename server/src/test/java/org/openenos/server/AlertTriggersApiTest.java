package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** Device events and device status as alert triggers, from real MQTT connections. */
class AlertTriggersApiTest extends ServerTestBase {
    private static final String EVENTS = "/event-service/v2.1/";

    @Autowired
    ApplicationContext context;

    @Test
    void anErrorEventPostedByADeviceAndTheDeviceGoingOfflineEachRaiseAnAlert() throws Exception {
        Tenant t = newTenant();
        Map<String, Object> model = new HashMap<>(simpleModel("trg_inv"));
        model.put("events", Map.of("overheat", Map.of("identifier", "overheat", "name", Map.of("defaultValue",
                "Overheat"), "eventType", "ERROR", "outputData", List.of(Map.of("identifier", "code",
                "name", Map.of("defaultValue", "Code"), "dataType", "INT")))));
        var created = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId",
                t.orgId()), model);
        assertThat(created.ok()).as(created.toString()).isTrue();
        var product = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", "trg_inv"));
        var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", product.data().asString(), "deviceName", Map.of("defaultValue", "Inverter")));
        String pk = product.data().asString();
        String dk = dev.data().path("deviceKey").asString();
        String secret = dev.data().path("deviceSecret").asString();
        String assetId = dev.data().path("assetId").asString();
        post(t, "alert-severities", Map.of("severity", Map.of("severityId", "major", "severityDesc",
                Map.of("defaultValue", "Major"))));
        post(t, "alert-rules", Map.of("rule", Map.of("ruleId", "overheated", "ruleDesc", Map.of("defaultValue",
                "overheated"), "modelId", "trg_inv", "eventId", "overheat", "condition", "${code} >= 3",
                "severityId", "major")));
        post(t, "alert-rules", Map.of("rule", Map.of("ruleId", "down", "ruleDesc", Map.of("defaultValue",
                "offline"), "modelId", "trg_inv", "deviceStatus", "offline", "severityId", "major")));

        MqttTestDevice device = MqttTestDevice.connect(context.getBean(MqttGateway.class).port(), pk, dk, secret);
        JsonNode reply = device.request("thing/event/overheat/post", "thing.event.overheat.post",
                Map.of("events", Map.of("code", 5)), "e1");
        assertThat(reply.path("code").asInt()).isEqualTo(200);
        JsonNode event = await(t, "active-alerts", "overheated", r -> !r.data().isEmpty()).data().get(0);
        assertThat(event.path("assetId").asString()).isEqualTo(assetId);
        assertThat(event.path("value").path("code").asInt()).isEqualTo(5);

        device.close();
        assertThat(await(t, "active-alerts", "down", r -> !r.data().isEmpty()).data().get(0).path("value")
                .asString()).isEqualTo("offline");
        MqttTestDevice.connect(context.getBean(MqttGateway.class).port(), pk, dk, secret).close();
        var history = await(t, "history-alerts", "down", r -> !r.data().isEmpty());
        assertThat(history.data().get(0).path("recoverValue").asString()).isEqualTo("online");
    }

    private void post(Tenant t, String resource, Map<String, Object> body) {
        var r = t.app().post(EVENTS + resource, Map.of("action", "create", "orgId", t.orgId()), body);
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    private ApiClient.Response await(Tenant t, String resource, String ruleId, Predicate<ApiClient.Response> done)
            throws InterruptedException {
        return Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(50))
                .lastOf(() -> t.app().post(EVENTS + resource, Map.of("action", "search", "orgId", t.orgId()),
                        Map.of("hitRuleId", ruleId, "pagination", Map.of("pageNo", 1, "pageSize", 10))),
                        r -> r.ok() && done.test(r));
    }
}
