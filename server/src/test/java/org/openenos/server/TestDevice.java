package org.openenos.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import tools.jackson.databind.JsonNode;

/**
 * A device on a real Paho MQTT client, logging in the way the EnOS Java SDK does. It records every message it
 * receives, whether it subscribed to the topic or not: devices never subscribe to command topics.
 */
final class TestDevice implements MqttCallback, AutoCloseable {
    final MqttClient client;
    final BlockingQueue<Map.Entry<String, String>> received = new LinkedBlockingQueue<>();

    private TestDevice(String uri, String productKey, String deviceKey, String secret, SSLSocketFactory ssl)
            throws MqttException {
        String ts = String.valueOf(System.currentTimeMillis());
        String cid = deviceKey + "{ip=127.0.0.1,version=enos-mqtt-2.2.16,compress=DEFAULT}";
        client = new MqttClient(uri, cid + "|securemode=2,signmethod=sha256,timestamp=" + ts + "|",
                new MemoryPersistence());
        client.setCallback(this);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(deviceKey + "&" + productKey);
        options.setPassword(DeviceSigner.sign(Map.of("clientId", cid, "deviceKey", deviceKey, "productKey",
                productKey, "timestamp", ts), secret, SignMethod.SHA256).toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        options.setAutomaticReconnect(false);
        if (ssl != null) {
            options.setSocketFactory(ssl);
            options.setHttpsHostnameVerificationEnabled(false);
        }
        client.connect(options);
    }

    static TestDevice connect(int port, String productKey, String deviceKey, String secret) throws MqttException {
        return new TestDevice("tcp://127.0.0.1:" + port, productKey, deviceKey, secret, null);
    }

    static TestDevice connectWebSocket(int port, SSLSocketFactory ssl, String productKey, String deviceKey,
                                       String secret) throws MqttException {
        return new TestDevice("wss://127.0.0.1:" + port + "/mqtt", productKey, deviceKey, secret, ssl);
    }

    static TestDevice connectTls(int port, SSLSocketFactory ssl, String productKey, String deviceKey, String secret)
            throws MqttException {
        return new TestDevice("ssl://127.0.0.1:" + port, productKey, deviceKey, secret, ssl);
    }

    void publish(String topic, String json) throws MqttException {
        client.publish(topic, json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** The next message on {@code topic}, skipping others; fails after 10 s. */
    JsonNode next(String topic) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            Map.Entry<String, String> message = received.poll(200, TimeUnit.MILLISECONDS);
            if (message != null && message.getKey().equals(topic)) {
                return ApiClient.JSON.readTree(message.getValue());
            }
        }
        throw new AssertionError("no message on " + topic);
    }

    @Override
    public void connectionLost(Throwable cause) {
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(Map.entry(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close();
    }
}
