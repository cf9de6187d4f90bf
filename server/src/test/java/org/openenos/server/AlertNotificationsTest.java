package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.alerting.notify.WebhookSignature;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.testkit.Await;
import org.openenos.testkit.MqttTestDevice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Alert actions end to end: a real MQTT post raises an alert whose webhook reaches a real local HTTP server with a
 * valid signature, whose e-mail reaches a real SMTP server, whose failing webhook ends as a dead letter in the API,
 * and whose control action reaches the device over MQTT.
 */
class AlertNotificationsTest extends ServerTestBase {
    private static final String EVENTS = "/event-service/v2.1/";
    private static final String SECRET = "a-webhook-secret-of-some-length";

    record Received(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    record Device(String productKey, String deviceKey, String secret, String assetId) {
    }

    @Autowired
    ApplicationContext context;

    private HttpServer http;
    private final BlockingQueue<Received> delivered = new LinkedBlockingQueue<>();
    private final AtomicInteger failedCalls = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/ok", exchange -> {
            delivered.add(new Received(Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            answer(exchange, 204);
        });
        http.createContext("/fail", exchange -> {
            exchange.getRequestBody().readAllBytes();
            failedCalls.incrementAndGet();
            answer(exchange, 503);
        });
        http.start();
    }

    @AfterEach
    void stopReceiver() {
        http.stop(0);
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    @Test
    void aRaisedAlertIsSignedToAWebhookMailedAndAFailingWebhookEndsAsAVisibleDeadLetter() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            Tenant t = newTenant();
            Device d = device(t, "ntf_inv", simpleModel("ntf_inv"));
            severity(t);
            rule(t, "ntf_inv", Map.of("actions", List.of(
                    Map.of("type", "webhook", "url", url("/ok"), "secret", SECRET),
                    Map.of("type", "webhook", "url", url("/fail"), "on", List.of("raised")),
                    Map.of("type", "email", "to", List.of("ops@example.com"), "on", List.of("raised")))));
            try (MqttTestDevice device = MqttTestDevice.connect(mqttPort(), d.productKey(), d.deviceKey(),
                    d.secret())) {
                device.request("thing/measurepoint/post", "thing.measurepoint.post",
                        Map.of("measurepoints", Map.of("temp", 80.0)), "1");

                Received hook = delivered.poll(10, TimeUnit.SECONDS);
                assertThat(hook).as("webhook delivered").isNotNull();
                assertThat(WebhookSignature.verify(SECRET, hook.header(WebhookSignature.TIMESTAMP_HEADER),
                        hook.body(), hook.header(WebhookSignature.SIGNATURE_HEADER))).isTrue();
                JsonNode payload = ApiClient.JSON.readTree(hook.body());
                assertThat(payload.path("event").asString()).isEqualTo("raised");
                assertThat(payload.path("alert").path("assetId").asString()).isEqualTo(d.assetId());
                assertThat(payload.path("alert").path("value").asDouble()).isEqualTo(80.0);
                assertThat(hook.header(WebhookSignature.EVENT_HEADER)).isEqualTo("raised");

                assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("mail received").isTrue();
                MimeMessage mail = smtp.getReceivedMessages()[0];
                assertThat(mail.getSubject()).isEqualTo("[Major] too hot — " + d.assetId() + " raised");
                assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");

                var letters = awaitPost(t, "alert-notifications", "searchDeadLetters",
                        Map.of("ruleId", "hot", "pagination", Map.of("pageNo", 1, "pageSize", 10)),
                        r -> !r.data().isEmpty());
                assertThat(letters.data()).as(letters.toString()).hasSize(1);
                JsonNode letter = letters.data().get(0);
                assertThat(letter.path("type").asString()).isEqualTo("webhook");
                assertThat(letter.path("target").asString()).isEqualTo(url("/fail"));
                assertThat(letter.path("attempts").asInt()).isEqualTo(3);
                assertThat(letter.path("lastError").asString()).isEqualTo("HTTP 503");
                assertThat(ApiClient.JSON.readTree(letter.path("payload").asString()).path("alert")
                        .path("eventId").asString()).isEqualTo(payload.path("alert").path("eventId").asString());
                assertThat(failedCalls.get()).isEqualTo(3);

                String eventId = payload.path("alert").path("eventId").asString();
                var ack = t.app().post(EVENTS + "active-alerts", Map.of("action", "acknowledge", "orgId",
                        t.orgId()), Map.of("eventIds", List.of(eventId), "comment", "on it"));
                assertThat(ack.ok()).as(ack.toString()).isTrue();
                Received acked = delivered.poll(10, TimeUnit.SECONDS);
                assertThat(acked).isNotNull();
                assertThat(ApiClient.JSON.readTree(acked.body()).path("event").asString()).isEqualTo("acknowledged");

                Tenant other = newTenant();
                var foreign = other.app().post(EVENTS + "alert-notifications", Map.of("action", "searchDeadLetters",
                        "orgId", other.orgId()), Map.of());
                assertThat(foreign.data()).isEmpty();
            }
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aControlActionCallsTheServiceOfTheDeviceThatRaisedTheAlert() throws Exception {
        Tenant t = newTenant();
        Map<String, Object> model = new HashMap<>(simpleModel("ntf_ctl"));
        model.put("services", Map.of("coolDown", Map.of("identifier", "coolDown",
                "name", Map.of("defaultValue", "Cool down"), "callType", "ASYNC",
                "inputData", List.of(Map.of("identifier", "level", "name", Map.of("defaultValue", "Level"),
                        "dataType", "INT")), "outputData", List.of())));
        Device d = device(t, "ntf_ctl", model);
        severity(t);
        rule(t, "ntf_ctl", Map.of("actions", List.of(
                Map.of("type", "invokeService", "serviceId", "coolDown", "inputData", Map.of("level", 2)),
                Map.of("type", "setMeasurepoint", "measurepointId", "power", "value", 0))));
        try (MqttTestDevice device = MqttTestDevice.connect(mqttPort(), d.productKey(), d.deviceKey(),
                d.secret())) {
            device.request("thing/measurepoint/post", "thing.measurepoint.post",
                    Map.of("measurepoints", Map.of("temp", 90.0)), "1");
            // Both actions run on the delivery pool, so they may arrive in either order.
            Map<String, JsonNode> pushed = new HashMap<>();
            while (pushed.size() < 2) {
                MqttTestDevice.Message m = next(device, x -> x.topic().contains("/thing/service/"));
                pushed.put(m.topic().substring(m.topic().indexOf("/thing/service/")), m.body());
            }
            JsonNode service = pushed.get("/thing/service/coolDown");
            assertThat(service.path("method").asString()).isEqualTo("thing.service.coolDown");
            assertThat(service.path("params").path("level").asInt()).isEqualTo(2);
            JsonNode set = pushed.get("/thing/service/measurepoint/set");
            assertThat(set.path("params").path("power").asDouble()).isZero();
        }
    }

    @Test
    void aRuleWithAnActionThatCannotBeCarriedOutIsRefusedWithTheField() {
        Tenant t = newTenant();
        device(t, "ntf_bad", simpleModel("ntf_bad"));
        severity(t);
        var r = t.app().post(EVENTS + "alert-rules", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("rule", ruleBody("ntf_bad", Map.of("actions", List.of(Map.of("type", "webhook",
                        "url", url("/ok")), Map.of("type", "invokeService", "serviceId", "reboot"))))));
        assertThat(r.code()).isEqualTo(99400);
        assertThat(r.body().path("msg").asString())
                .isEqualTo("actions[1].serviceId: unknown service 'reboot' (model ntf_bad has none)");
    }

    private MqttTestDevice.Message next(MqttTestDevice device, Predicate<MqttTestDevice.Message> match)
            throws Exception {
        return device.next(match, Duration.ofSeconds(10), "push to the device");
    }

    private int mqttPort() {
        return context.getBean(MqttGateway.class).port();
    }

    private Device device(Tenant t, String modelId, Map<String, Object> model) {
        var created = t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId",
                t.orgId()), model);
        assertThat(created.ok()).as(created.toString()).isTrue();
        var product = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "modelId", modelId));
        var dev = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", product.data().asString(), "deviceName", Map.of("defaultValue", "Inverter 7")));
        assertThat(dev.ok()).as(dev.toString()).isTrue();
        return new Device(product.data().asString(), dev.data().path("deviceKey").asString(),
                dev.data().path("deviceSecret").asString(), dev.data().path("assetId").asString());
    }

    private void severity(Tenant t) {
        var sev = t.app().post(EVENTS + "alert-severities", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("severity", Map.of("severityId", "major", "severityDesc", Map.of("defaultValue", "Major"))));
        assertThat(sev.ok()).as(sev.toString()).isTrue();
    }

    private static Map<String, Object> ruleBody(String modelId, Map<String, Object> extra) {
        Map<String, Object> rule = new HashMap<>(Map.of("ruleId", "hot", "ruleDesc", Map.of("defaultValue",
                "too hot"), "modelId", modelId, "measurepointId", "temp", "condition", "${temp} > 50",
                "severityId", "major", "isEnabled", true));
        rule.putAll(extra);
        return rule;
    }

    private void rule(Tenant t, String modelId, Map<String, Object> extra) {
        var created = t.app().post(EVENTS + "alert-rules", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("rule", ruleBody(modelId, extra)));
        assertThat(created.ok()).as(created.toString()).isTrue();
    }

    private ApiClient.Response awaitPost(Tenant t, String resource, String action, Map<String, Object> body,
                                         Predicate<ApiClient.Response> done) throws InterruptedException {
        return Await.atMost(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100))
                .lastOf(() -> t.app().post(EVENTS + resource, Map.of("action", action, "orgId", t.orgId()), body),
                        r -> r.ok() && done.test(r));
    }
}
