package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.openenos.testkit.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Alert rules over real MQTT telemetry, through the event-service API. */
class AlertingApiTest extends ServerTestBase {
    private static final String EVENTS = "/event-service/v2.1/";

    @Autowired
    ApplicationContext context;

    record Device(String productKey, String deviceKey, String secret, String assetId) {
    }

    private Device device(Tenant t, String modelId) {
        var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel(modelId));
        assertThat(model.ok()).as(model.toString()).isTrue();
        var product = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", modelId));
        var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", product.data().asString(), "deviceName", Map.of("defaultValue", "Inverter 7"),
                        "timezone", "+08:00"));
        assertThat(dev.ok()).as(dev.toString()).isTrue();
        return new Device(product.data().asString(), dev.data().path("deviceKey").asString(),
                dev.data().path("deviceSecret").asString(), dev.data().path("assetId").asString());
    }

    private void severityAndRule(Tenant t, String modelId, Map<String, Object> extra) {
        var sev = t.app().post(EVENTS + "alert-severities", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("severity", Map.of("severityId", "major", "severityDesc", Map.of("defaultValue", "Major"))));
        assertThat(sev.ok()).as(sev.toString()).isTrue();
        Map<String, Object> rule = new HashMap<>(Map.of("ruleId", "hot", "ruleDesc", Map.of("defaultValue", "too hot"),
                "modelId", modelId, "measurepointId", "temp", "condition", "${temp} > 50",
                "recoveryCondition", "${temp} < 45", "severityId", "major", "isEnabled", true,
                "scope", List.of(Map.of("treeId", "all"))));
        rule.putAll(extra);
        var created = t.app().post(EVENTS + "alert-rules", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("rule", rule));
        assertThat(created.ok()).as(created.toString()).isTrue();
    }

    static MqttClient connect(int port, Device d) throws Exception {
        String ts = String.valueOf(System.currentTimeMillis());
        String cid = d.deviceKey();
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port,
                cid + "|securemode=2,signmethod=sha256,timestamp=" + ts + "|", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(d.deviceKey() + "&" + d.productKey());
        o.setPassword(DeviceSigner.sign(Map.of("clientId", cid, "deviceKey", d.deviceKey(), "productKey",
                d.productKey(), "timestamp", ts), d.secret(), SignMethod.SHA256).toCharArray());
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(o);
        return client;
    }

    static void postTemp(MqttClient c, Device d, double temp) throws Exception {
        String json = "{\"id\":\"1\",\"version\":\"1.0\",\"method\":\"thing.measurepoint.post\",\"params\":"
                + "{\"measurepoints\":{\"temp\":" + temp + "}}}";
        c.publish("/sys/" + d.productKey() + "/" + d.deviceKey() + "/thing/measurepoint/post",
                json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private ApiClient.Response await(Tenant t, String resource, Map<String, Object> body,
                                     Predicate<ApiClient.Response> done) throws InterruptedException {
        return Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(50))
                .lastOf(() -> t.app().post(EVENTS + resource, Map.of("action", "search", "orgId", t.orgId()), body),
                        r -> r.ok() && done.test(r));
    }

    private int mqttPort() {
        return context.getBean(MqttGateway.class).port();
    }

    @Test
    void aViolatingValuePostedOverMqttRaisesAnAlertThatRecoversWhenTheValueFalls() throws Exception {
        Tenant t = newTenant();
        Device d = device(t, "alert_inv");
        severityAndRule(t, "alert_inv", Map.of());
        Map<String, Object> search = Map.of("assetId", d.assetId(), "pagination", Map.of("pageNo", 1, "pageSize", 10));
        MqttClient c = connect(mqttPort(), d);
        try {
            postTemp(c, d, 80.0);
            var active = await(t, "active-alerts", search, r -> !r.data().isEmpty());
            assertThat(active.data()).as(active.toString()).hasSize(1);
            var alert = active.data().get(0);
            assertThat(alert.path("hitRuleId").asString()).isEqualTo("hot");
            assertThat(alert.path("value").asDouble()).isEqualTo(80.0);
            assertThat(alert.path("severityDesc").path("defaultValue").asString()).isEqualTo("Major");
            assertThat(alert.path("eventType").asInt()).isEqualTo(1);
            assertThat(alert.path("orgId").asString()).isEqualTo(t.orgId());

            postTemp(c, d, 47.0);
            postTemp(c, d, 30.0);
            var history = await(t, "history-alerts", search, r -> !r.data().isEmpty());
            assertThat(history.data()).as(history.toString()).hasSize(1);
            assertThat(history.data().get(0).path("eventType").asInt()).isZero();
            assertThat(history.data().get(0).path("recoverValue").asDouble()).isEqualTo(30.0);
            assertThat(await(t, "active-alerts", search, r -> r.data().isEmpty()).data()).isEmpty();
        } finally {
            c.disconnect();
            c.close();
        }
    }

    @Test
    void anInvalidRuleIsRefusedWithTheFieldThatIsWrong() {
        Tenant t = newTenant();
        device(t, "alert_bad");
        t.app().post(EVENTS + "alert-severities", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("severity", Map.of("severityId", "major", "severityDesc", Map.of("defaultValue", "Major"))));
        var r = t.app().post(EVENTS + "alert-rules", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("rule", Map.of("ruleId", "r1", "ruleDesc", Map.of("defaultValue", "x"), "modelId", "alert_bad",
                        "measurepointId", "temp", "condition", "${tmp} > 50", "severityId", "major")));
        assertThat(r.code()).isEqualTo(99400);
        assertThat(r.body().path("msg").asString())
                .isEqualTo("condition: unknown point 'tmp' (model alert_bad has power, temp)");
        var list = t.app().post(EVENTS + "alert-rules", Map.of("action", "search", "orgId", t.orgId()), Map.of());
        assertThat(list.data()).isEmpty();
    }

    @Test
    void oneOrganizationNeverSeesAnothersAlertsOrRules() throws Exception {
        Tenant a = newTenant();
        Tenant b = newTenant();
        Device d = device(a, "alert_iso");
        device(b, "alert_iso");
        severityAndRule(a, "alert_iso", Map.of());
        MqttClient c = connect(mqttPort(), d);
        try {
            postTemp(c, d, 99.0);
            Map<String, Object> all = Map.of("pagination", Map.of("pageNo", 1, "pageSize", 10));
            assertThat(await(a, "active-alerts", all, r -> !r.data().isEmpty()).data()).hasSize(1);
            var foreign = b.app().post(EVENTS + "active-alerts", Map.of("action", "search", "orgId", a.orgId()), all);
            assertThat(foreign.code()).isEqualTo(99403);
            assertThat(b.app().post(EVENTS + "active-alerts", Map.of("action", "search", "orgId", b.orgId()), all)
                    .data()).isEmpty();
            assertThat(b.app().post(EVENTS + "alert-rules", Map.of("action", "search", "orgId", b.orgId()), all)
                    .data()).isEmpty();
            var eventId = a.app().post(EVENTS + "active-alerts", Map.of("action", "search", "orgId", a.orgId()), all)
                    .data().get(0).path("eventId").asString();
            var close = b.app().post(EVENTS + "active-alerts", Map.of("action", "close", "orgId", b.orgId()),
                    Map.of("eventIds", List.of(eventId)));
            assertThat(close.code()).isEqualTo(99404);
        } finally {
            c.disconnect();
            c.close();
        }
    }
}
