package org.openenos.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.openenos.server.ApiClient;
import org.openenos.subscription.netty.EnosSubscriptionClient;
import org.openenos.subscription.netty.EnosSubscriptionClient.Message;
import tools.jackson.databind.JsonNode;

/**
 * At-least-once subscription delivery across a SIGKILL of the packaged server: messages delivered to a consumer but
 * not committed when the server dies are delivered again after the restart, and points acknowledged to the device
 * but not yet delivered are not lost.
 */
class SubscriptionCrashIT {
    private static final int BEFORE = 60;
    private static final int AFTER_DELIVERY = 40;

    record Credentials(String subId, String accessKey, String secret) {
    }

    @Test
    void messagesDeliveredButNotCommittedWhenTheServerIsKilledAreDeliveredAgainAndNothingIsLost() throws Exception {
        Path data = Files.createTempDirectory("openenos-sub-crash").resolve("data");
        Files.createDirectories(data);
        long t0 = Instant.now().minusSeconds(3600).toEpochMilli();
        Credentials sub;
        String pk;
        String secret;
        var seen = new ArrayList<Message>();
        try (PackagedServer server = new PackagedServer(data).start()) {
            ApiClient admin = ApiClient.user(server.base(), "admin", PackagedServer.ADMIN_PASSWORD);
            String orgId = admin.post("/iam-service/v2.1/organizations", Map.of("action", "create"),
                    Map.of("name", "sub-crash")).data().path("orgId").asString();
            admin.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                    Map.of("modelId", "meter", "name", Map.of("defaultValue", "Meter"), "measurepoints",
                            Map.of("p", Map.of("dataType", "DOUBLE", "signalType", "AI"))));
            pk = admin.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId),
                    Map.of("productName", Map.of("defaultValue", "meter"), "modelId", "meter")).data().asString();
            JsonNode dev = admin.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                    Map.of("productKey", pk, "deviceKey", "m1", "deviceName", Map.of("defaultValue", "m1"))).data();
            secret = dev.path("deviceSecret").asString();
            JsonNode created = admin.post("/subscription-service/v2.1/subscriptions",
                    Map.of("action", "create", "orgId", orgId), Map.of("name", "crash", "subType", 0)).data();
            sub = new Credentials(created.path("subId").asString(), created.path("accessKey").asString(),
                    created.path("accessSecret").asString());

            post(server.mqttPort(), pk, secret, t0, 0, BEFORE);
            try (var client = subscribed(server.subscriptionPort(), sub)) {
                var delivered = client.pullUntil(BEFORE, 50);
                assertThat(delivered).hasSize(BEFORE);
                client.commit(delivered.subList(0, BEFORE / 2));
                client.pull();
                seen.addAll(delivered.subList(0, BEFORE / 2));
                // Delivered, never committed: the server dies now.
                post(server.mqttPort(), pk, secret, t0, BEFORE, BEFORE + AFTER_DELIVERY);
                server.kill();
            }
        }
        try (PackagedServer restarted = new PackagedServer(data).start();
             var client = subscribed(restarted.subscriptionPort(), sub)) {
            var resumed = client.pullUntil(BEFORE / 2 + AFTER_DELIVERY, 60);
            seen.addAll(resumed);
            var times = new TreeSet<Long>();
            for (Message m : seen) {
                times.add(Long.parseLong(m.value().replaceAll(".*\"time\":(\\d+).*", "$1")) - t0);
            }
            var expected = new TreeSet<Long>();
            for (long i = 0; i < BEFORE + AFTER_DELIVERY; i++) {
                expected.add(i);
            }
            assertThat(times).as("every acknowledged point reaches the subscriber").containsAll(expected);
            assertThat(resumed.getFirst().offset()).as("resumes at the last committed message")
                    .isEqualTo(seen.get(BEFORE / 2 - 1).offset());
        }
    }

    private static EnosSubscriptionClient subscribed(int port, Credentials sub) throws Exception {
        var client = EnosSubscriptionClient.tcp(port);
        assertThat(client.auth(sub.accessKey(), sub.secret(), sub.subId(), 0)).isZero();
        assertThat(client.subscribe(0, sub.subId(), sub.accessKey(), "crash-test")).isZero();
        return client;
    }

    /** Posts points {@code from}..{@code to}-1 at QoS 1, each acknowledged (fsynced) before the next. */
    private static void post(int port, String pk, String secret, long t0, int from, int to) throws Exception {
        String ts = String.valueOf(System.currentTimeMillis());
        MqttClient device = new MqttClient("tcp://127.0.0.1:" + port,
                "m1|securemode=2,signmethod=sha256,timestamp=" + ts + "|", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName("m1&" + pk);
        options.setPassword(DeviceSigner.sign(Map.of("clientId", "m1", "deviceKey", "m1", "productKey", pk,
                "timestamp", ts), secret, SignMethod.SHA256).toCharArray());
        device.connect(options);
        try {
            for (int i = from; i < to; i++) {
                String body = "{\"id\":\"" + i + "\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\","
                        + "\"params\":{\"measurepoints\":{\"p\":" + i + "},\"time\":" + (t0 + i) + "}}";
                device.publish("/sys/" + pk + "/m1/thing/measurepoint/post", body.getBytes(StandardCharsets.UTF_8),
                        1, false);
            }
        } finally {
            device.disconnect();
            device.close();
        }
    }

}
