package org.openenos.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.openenos.server.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * The durability contract, black box: a device streams QoS 1 measure points into the packaged server, the server is
 * killed with SIGKILL in the middle of the load, and after a restart every point whose PUBACK the device received is
 * stored exactly once.
 */
class CrashDurabilityIT {
    /** Success of a QoS 1 publish is its PUBACK, which the server sends only after the point is fsynced. */
    private static final java.util.function.Function<Set<Long>, org.eclipse.paho.client.mqttv3.IMqttActionListener>
            ACKED = acknowledged -> new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                    acknowledged.add((Long) token.getUserContext());
                }

                @Override
                public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable cause) {
                }
            };

    @Test
    void everyAcknowledgedPointSurvivesASigkillDuringSustainedLoad() throws Exception {
        Path data = Files.createTempDirectory("openenos-crash").resolve("data");
        Files.createDirectories(data);
        String orgId;
        String assetId;
        ApiClient app;
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        long t0 = Instant.now().minusSeconds(3600).toEpochMilli();
        try (PackagedServer server = new PackagedServer(data).start()) {
            ApiClient admin = ApiClient.user(server.base(), "admin", PackagedServer.ADMIN_PASSWORD);
            orgId = admin.post("/iam-service/v2.1/organizations", Map.of("action", "create"), Map.of("name", "crash"))
                    .data().path("orgId").asString();
            var created = admin.post("/iam-service/v2.1/applications", Map.of("action", "create", "orgId", orgId),
                    Map.of("name", "crash"));
            String appKey = created.data().path("appKey").asString();
            String appSecret = created.data().path("appSecret").asString();
            app = ApiClient.app(server.base(), appKey, appSecret);
            app.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId),
                    Map.of("modelId", "meter", "name", Map.of("defaultValue", "Meter"), "measurepoints",
                            Map.of("p", Map.of("dataType", "DOUBLE", "signalType", "AI"))));
            String pk = app.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId),
                    Map.of("productName", Map.of("defaultValue", "meter"), "modelId", "meter")).data().asString();
            JsonNode dev = app.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                    Map.of("productKey", pk, "deviceKey", "m1", "deviceName", Map.of("defaultValue", "m1"))).data();
            assetId = dev.path("assetId").asString();

            MqttAsyncClient device = connect(server.mqttPort(), pk, "m1", dev.path("deviceSecret").asString(),
                    acknowledged);
            AtomicInteger sent = new AtomicInteger();
            long loadUntil = System.nanoTime() + 4_000_000_000L;
            Thread publisher = Thread.ofPlatform().start(() -> {
                try {
                    while (device.isConnected()) {
                        int i = sent.get();
                        String body = "{\"id\":\"" + i + "\",\"version\":\"1.1\",\"method\":\"thing.measurepoint.post\","
                                + "\"params\":{\"measurepoints\":{\"p\":" + i + "},\"time\":" + (t0 + i) + "}}";
                        MqttMessage msg = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
                        msg.setQos(1);
                        try {
                            device.publish("/sys/" + pk + "/m1/thing/measurepoint/post", msg, t0 + i, ACKED.apply(acknowledged));
                            sent.incrementAndGet();
                        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                            if (e.getReasonCode() != org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_MAX_INFLIGHT) {
                                throw e;
                            }
                            Thread.sleep(1);
                        }
                    }
                } catch (Exception connectionGone) {
                    // the server was killed: stop publishing
                }
            });
            while (System.nanoTime() < loadUntil) {
                Thread.sleep(50);
            }
            server.kill();
            publisher.join(10_000);
            device.close(true);
            assertThat(acknowledged).as("the load produced acknowledged points before the kill").hasSizeGreaterThan(20);
            System.out.printf("sent %d, acknowledged %d before SIGKILL%n", sent.get(), acknowledged.size());
        }
        try (PackagedServer restarted = new PackagedServer(data).start()) {
            ApiClient admin = ApiClient.user(restarted.base(), "admin", PackagedServer.ADMIN_PASSWORD);
            Set<Long> stored = new HashSet<>();
            int rows = 0;
            long deadline = System.nanoTime() + 30_000_000_000L;
            do {
                stored.clear();
                rows = 0;
                var r = admin.post("/tsdb-service/v2.1/raw", Map.of("orgId", orgId), Map.of("assetIds", assetId,
                        "pointIds", "p", "startTime", Instant.ofEpochMilli(t0 - 1).toString(),
                        "endTime", Instant.ofEpochMilli(t0 + 10_000_000).toString(), "pageSize", 100_000,
                        "itemFormat", 0));
                for (JsonNode item : r.data().path("items")) {
                    stored.add(item.path("timestamp").asLong());
                    rows++;
                }
                if (stored.containsAll(acknowledged)) {
                    break;
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            assertThat(stored).as("every acknowledged point is stored after the restart").containsAll(acknowledged);
            assertThat(rows).as("no point is stored twice").isEqualTo(stored.size());
        }
    }

    private static MqttAsyncClient connect(int port, String pk, String dk, String secret, Set<Long> acknowledged)
            throws Exception {
        String ts = String.valueOf(System.currentTimeMillis());
        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port,
                dk + "|securemode=2,signmethod=sha256,timestamp=" + ts + "|", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(dk + "&" + pk);
        options.setPassword(DeviceSigner.sign(Map.of("clientId", dk, "deviceKey", dk, "productKey", pk,
                "timestamp", ts), secret, SignMethod.SHA256).toCharArray());
        options.setMaxInflight(200);
        options.setAutomaticReconnect(false);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }
}
