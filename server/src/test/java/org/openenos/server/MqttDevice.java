package org.openenos.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import tools.jackson.databind.JsonNode;

/** A device on a real MQTT connection, signing in the way the EnOS SDKs do (secure mode 2). */
public final class MqttDevice implements AutoCloseable {
    public record Message(String topic, JsonNode body) {
    }

    final MqttClient client;
    final String productKey;
    final String deviceKey;
    final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();

    public MqttDevice(int port, String productKey, String deviceKey, String secret) throws MqttException {
        this.productKey = productKey;
        this.deviceKey = deviceKey;
        String ts = String.valueOf(System.currentTimeMillis());
        client = new MqttClient("tcp://127.0.0.1:" + port,
                deviceKey + "|securemode=2,signmethod=sha256,timestamp=" + ts + "|", new MemoryPersistence());
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                inbox.add(new Message(topic, ApiClient.JSON.readTree(new String(message.getPayload(),
                        StandardCharsets.UTF_8))));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(deviceKey + "&" + productKey);
        options.setPassword(DeviceSigner.sign(Map.of("clientId", deviceKey, "deviceKey", deviceKey, "productKey",
                productKey, "timestamp", ts), secret, SignMethod.SHA256).toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        client.connect(options);
    }

    public String topic(String suffix) {
        return "/sys/" + productKey + "/" + deviceKey + "/" + suffix;
    }

    /** Publishes a request with QoS 1 and waits for its reply on {@code <topic>_reply}. */
    public JsonNode request(String suffix, String method, Object params, String id) throws Exception {
        String topic = topic(suffix);
        client.subscribe(topic + "_reply", 1);
        String payload = ApiClient.JSON.writeValueAsString(Map.of("id", id, "version", "1.1", "method", method,
                "params", params));
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Message m = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.topic().equals(topic + "_reply") && id.equals(m.body().path("id").asString())) {
                return m.body();
            }
        }
        throw new AssertionError("no reply to " + id + " on " + topic);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
