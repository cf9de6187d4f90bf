package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.subscription.netty.EnosSubscriptionClient;
import org.openenos.subscription.netty.SubscriptionListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Data subscription end to end: jobs through {@code /subscription-service/v2.1/subscriptions}, data posted by a device
 * over MQTT, received by an EnOS-protocol client on the subscription port.
 */
class SubscriptionApiTest extends ServerTestBase {
    @org.springframework.boot.test.web.server.LocalManagementPort
    int managementPort;

    private static final String SUBSCRIPTIONS = "/subscription-service/v2.1/subscriptions";

    @Autowired
    ApplicationContext context;


    private AlertingApiTest.Device device(Tenant t, String modelId) {
        var model = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel(modelId));
        assertThat(model.ok()).as(model.toString()).isTrue();
        var product = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", modelId));
        var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", product.data().asString(), "deviceName", Map.of("defaultValue", "Inverter"),
                        "timezone", "+08:00"));
        assertThat(dev.ok()).as(dev.toString()).isTrue();
        return new AlertingApiTest.Device(product.data().asString(), dev.data().path("deviceKey").asString(),
                dev.data().path("deviceSecret").asString(), dev.data().path("assetId").asString());
    }

    private int subscriptionPort() {
        return context.getBean(SubscriptionListener.class).port();
    }

    private int mqttPort() {
        return context.getBean(MqttGateway.class).port();
    }

    private ApiClient.Response call(Tenant t, String action, Map<String, String> params, Object body) {
        var query = new HashMap<>(params);
        query.put("action", action);
        query.put("orgId", t.orgId());
        return t.app().post(SUBSCRIPTIONS, query, body);
    }

    @Test
    void anApplicationReceivesDevicePostsWithinSecondsAndResumesAfterAReconnect() throws Exception {
        Tenant t = newTenant();
        var d = device(t, "sub_inv");
        var created = call(t, "create", Map.of(), Map.of("name", "plant data", "subType", 0,
                "filter", Map.of("modelIds", List.of("sub_inv"), "pointIds", List.of("temp"))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        String subId = created.data().path("subId").asString();
        String accessKey = created.data().path("accessKey").asString();
        String secret = created.data().path("accessSecret").asString();

        var fetched = call(t, "get", Map.of("subId", subId), Map.of());
        assertThat(fetched.data().path("accessKey").asString()).isEqualTo(accessKey);
        assertThat(fetched.toString()).doesNotContain(secret);

        MqttClient device = AlertingApiTest.connect(mqttPort(), d);
        var received = new ArrayList<EnosSubscriptionClient.Message>();
        try (var client = EnosSubscriptionClient.webSocket(subscriptionPort())) {
            assertThat(client.auth(accessKey, secret, subId, 0)).isZero();
            assertThat(client.subscribe(0, subId, accessKey, "app")).isZero();
            long start = System.nanoTime();
            AlertingApiTest.postTemp(device, d, 21.5);
            received.addAll(client.pullUntil(1, 10));
            assertThat(received).as("delivered within seconds").hasSize(1);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
            assertThat(received.getFirst().value()).contains("\"assetId\":\"" + d.assetId() + "\"",
                    "\"modelId\":\"sub_inv\"", "{\\\"temp\\\":21.5}");
            client.commit(received);
            client.pull();
            client.kill();
        }
        AlertingApiTest.postTemp(device, d, 22.5);
        try (var client = EnosSubscriptionClient.tcp(subscriptionPort())) {
            assertThat(client.auth(accessKey, secret, subId, 0)).isZero();
            assertThat(client.subscribe(0, subId, accessKey, "app")).isZero();
            var resumed = client.pullUntil(2, 10);
            assertThat(resumed).extracting(EnosSubscriptionClient.Message::value)
                    .anyMatch(v -> v.contains("22.5"));
        } finally {
            device.disconnect();
            device.close();
        }

        var lag = call(t, "lag", Map.of("subId", subId), Map.of());
        assertThat(lag.ok()).as(lag.toString()).isTrue();
        assertThat(lag.data().get(0).path("consumerGroup").asString()).isEqualTo("app");

        var http = java.net.http.HttpClient.newHttpClient();
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + managementPort + "/actuator/prometheus")).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics).contains("openenos_subscription_lag{group=\"app\",subscription=\"" + subId + "\"}",
                "openenos_subscription_delivered_total", "openenos_subscription_router_backlog_records",
                "openenos_subscription_listener_connections");
    }

    @Test
    void raisedAlertsAndDeviceStatusChangesReachAlertAndEventSubscriptions() throws Exception {
        Tenant t = newTenant();
        var d = device(t, "sub_alert_inv");
        var sev = t.app().post("/event-service/v2.1/alert-severities", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("severity", Map.of("severityId", "major", "severityDesc", Map.of("defaultValue", "Major"))));
        assertThat(sev.ok()).as(sev.toString()).isTrue();
        var rule = t.app().post("/event-service/v2.1/alert-rules", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("rule", Map.of("ruleId", "hot", "ruleDesc", Map.of("defaultValue", "too hot"),
                        "modelId", "sub_alert_inv", "measurepointId", "temp", "condition", "${temp} > 50",
                        "recoveryCondition", "${temp} < 45", "severityId", "major", "isEnabled", true,
                        "scope", List.of(Map.of("treeId", "all")))));
        assertThat(rule.ok()).as(rule.toString()).isTrue();
        var alerts = call(t, "create", Map.of(), Map.of("subType", 1, "filter",
                Map.of("assetIds", List.of(d.assetId()), "severities", List.of("major")))).data();
        var events = call(t, "create", Map.of(), Map.of("subType", 4)).data();

        MqttClient device = AlertingApiTest.connect(mqttPort(), d);
        try (var alertClient = EnosSubscriptionClient.tcp(subscriptionPort());
             var eventClient = EnosSubscriptionClient.webSocket(subscriptionPort())) {
            assertThat(alertClient.auth(alerts.path("accessKey").asString(), alerts.path("accessSecret").asString(),
                    alerts.path("subId").asString(), 1)).isZero();
            assertThat(alertClient.subscribe(1, alerts.path("subId").asString(), alerts.path("accessKey").asString(),
                    "DefaultConsumerGroup")).isZero();
            AlertingApiTest.postTemp(device, d, 80.0);
            var raised = alertClient.pullUntil(1, 15);
            assertThat(raised).as("the raised alert").isNotEmpty();
            assertThat(raised.getFirst().value()).contains("\"hitRuleId\":\"hot\"", "\"severityId\":\"major\"",
                    "\"assetId\":\"" + d.assetId() + "\"", "\"eventType\":1");

            assertThat(eventClient.auth(events.path("accessKey").asString(), events.path("accessSecret").asString(),
                    events.path("subId").asString(), 4)).isZero();
            assertThat(eventClient.subscribe(4, events.path("subId").asString(), events.path("accessKey").asString(),
                    "DefaultConsumerGroup")).isZero();
            var online = eventClient.pullUntil(1, 10);
            assertThat(online).as("the device's ONLINE change (the group starts at the oldest kept message)")
                    .isNotEmpty();
            assertThat(online.getFirst().value()).contains("\"eventType\":\"ONLINE\"",
                    "\"assetId\":\"" + d.assetId() + "\"");
        } finally {
            device.disconnect();
            device.close();
        }
    }

    @Test
    void aSubscriptionWebhookReceivesSignedPostsOfDeviceData() throws Exception {
        Tenant t = newTenant();
        var d = device(t, "sub_hook_inv");
        var received = new java.util.concurrent.LinkedBlockingQueue<String>();
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            if (org.openenos.alerting.notify.WebhookSignature.verify("hook-secret",
                    headers.getFirst("X-OpenEnOS-Timestamp"), body, headers.getFirst("X-OpenEnOS-Signature"))) {
                received.add(body);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            var created = call(t, "create", Map.of(), Map.of("subType", 0, "webhook",
                    Map.of("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                            "secret", "hook-secret")));
            assertThat(created.ok()).as(created.toString()).isTrue();
            String subId = created.data().path("subId").asString();
            assertThat(call(t, "get", Map.of("subId", subId), Map.of()).data().path("webhookUrl").asString())
                    .endsWith("/hook");
            MqttClient device = AlertingApiTest.connect(mqttPort(), d);
            try {
                AlertingApiTest.postTemp(device, d, 33.5);
                String body = received.poll(15, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(body).as("a signed POST").isNotNull().contains("\"subId\":\"" + subId + "\"", "33.5");
            } finally {
                device.disconnect();
                device.close();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aForeignAssetInTheFilterIsRefusedAndAnotherOrganizationSeesNothing() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        var foreign = device(b, "sub_foreign");
        var refused = call(a, "create", Map.of(), Map.of("subType", 0,
                "filter", Map.of("assetIds", List.of(foreign.assetId()))));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.code()).isEqualTo(99404);

        String subId = call(a, "create", Map.of(), Map.of("subType", 1)).data().path("subId").asString();
        var fromB = b.app().post(SUBSCRIPTIONS, Map.of("action", "get", "orgId", a.orgId(), "subId", subId), Map.of());
        assertThat(fromB.ok()).isFalse();
        assertThat(call(b, "get", Map.of("subId", subId), Map.of()).code()).isEqualTo(99404);
        assertThat(call(b, "search", Map.of(), Map.of()).data()).isEmpty();
    }

    @Test
    void aRotatedSecretReplacesTheOldOneAndADeletedSubscriptionIsGone() throws Exception {
        Tenant t = newTenant();
        var created = call(t, "create", Map.of(), Map.of("subId", "rotating", "subType", 4)).data();
        String accessKey = created.path("accessKey").asString();
        String oldSecret = created.path("accessSecret").asString();
        var rotated = call(t, "rotateSecret", Map.of("subId", "rotating"), Map.of());
        String newSecret = rotated.data().path("accessSecret").asString();
        assertThat(newSecret).isNotEqualTo(oldSecret);
        try (var client = EnosSubscriptionClient.tcp(subscriptionPort())) {
            assertThat(client.auth(accessKey, oldSecret, "rotating", 4)).isNotZero();
        }
        try (var client = EnosSubscriptionClient.tcp(subscriptionPort())) {
            assertThat(client.auth(accessKey, newSecret, "rotating", 4)).isZero();
        }
        var updated = call(t, "update", Map.of("subId", "rotating"), Map.of("name", "renamed"));
        assertThat(updated.data().path("name").asString()).isEqualTo("renamed");
        assertThat(call(t, "search", Map.of(), Map.of()).data()).hasSize(1);
        assertThat(call(t, "delete", Map.of("subId", "rotating"), Map.of()).ok()).isTrue();
        assertThat(call(t, "get", Map.of("subId", "rotating"), Map.of()).code()).isEqualTo(99404);
    }
}
