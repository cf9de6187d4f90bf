package org.openenos.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A device on a real Paho MQTT 3.1.1 client over a real socket (TCP, TLS or secure WebSocket), logging in the way
 * the EnOS Java SDK does (secure mode 2, SHA-256 signature, the SDK's client id). It records every message it
 * receives, whether it subscribed to the topic or not: devices never subscribe to command topics.
 */
public final class MqttTestDevice implements MqttCallback, AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A message the device received. */
    public record Message(String topic, String payload) {
        public JsonNode body() {
            return JSON.readTree(payload);
        }
    }

    private final MqttClient client;
    private final String productKey;
    private final String deviceKey;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    /** Every message as bytes too, for the raw topics of custom-format products (binary frames). */
    private final BlockingQueue<RawMessage> receivedRaw = new LinkedBlockingQueue<>();

    /** A message the device received, as the bytes that came. */
    public record RawMessage(String topic, byte[] payload) {
    }

    private MqttTestDevice(String uri, String productKey, String deviceKey, String secret, SSLSocketFactory ssl)
            throws MqttException {
        this.productKey = productKey;
        this.deviceKey = deviceKey;
        String ts = String.valueOf(System.currentTimeMillis());
        String cid = deviceKey + "{ip=127.0.0.1,version=enos-mqtt-2.2.16,compress=DEFAULT}";
        client = new MqttClient(uri, DeviceSigns.clientId(cid, 2, ts), new MemoryPersistence());
        client.setCallback(this);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(deviceKey + "&" + productKey);
        options.setPassword(DeviceSigns.password(cid, productKey, deviceKey, ts, secret).toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        options.setAutomaticReconnect(false);
        if (ssl != null) {
            options.setSocketFactory(ssl);
            options.setHttpsHostnameVerificationEnabled(false);
        }
        client.connect(options);
    }

    /** Logs in over plain TCP on 127.0.0.1. */
    public static MqttTestDevice connect(int port, String productKey, String deviceKey, String secret)
            throws MqttException {
        return new MqttTestDevice("tcp://127.0.0.1:" + port, productKey, deviceKey, secret, null);
    }

    /** Logs in over TLS; {@code ssl} carries the trust (and the client certificate for mutual TLS). */
    public static MqttTestDevice connectTls(int port, SSLSocketFactory ssl, String productKey, String deviceKey,
                                            String secret) throws MqttException {
        return new MqttTestDevice("ssl://127.0.0.1:" + port, productKey, deviceKey, secret, ssl);
    }

    /** Logs in over secure WebSocket at {@code /mqtt}. */
    public static MqttTestDevice connectWebSocket(int port, SSLSocketFactory ssl, String productKey, String deviceKey,
                                                  String secret) throws MqttException {
        return new MqttTestDevice("wss://127.0.0.1:" + port + "/mqtt", productKey, deviceKey, secret, ssl);
    }

    /** The device's own topic {@code /sys/<productKey>/<deviceKey>/<suffix>}. */
    public String topic(String suffix) {
        return "/sys/" + productKey + "/" + deviceKey + "/" + suffix;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** The Paho client, for what this class does not wrap. */
    public MqttClient client() {
        return client;
    }

    /** Every message received and not yet taken, oldest first. */
    public BlockingQueue<Message> received() {
        return received;
    }

    /** Publishes with QoS 1; returns once the server acknowledged it. */
    public void publish(String topic, String json) throws MqttException {
        client.publish(topic, json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** Publishes a binary frame with QoS 1; returns once the server acknowledged it. */
    public void publishRaw(String topic, byte[] frame) throws MqttException {
        client.publish(topic, frame, 1, false);
    }

    /** The bytes of the next message on {@code topic}, skipping others; an {@link AssertionError} after 10 s. */
    public byte[] nextRaw(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            RawMessage message = receivedRaw.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && message.topic().equals(topic)) {
                return message.payload();
            }
        }
        throw new AssertionError("no frame on " + topic + " within " + WAIT.toMillis() + " ms");
    }

    /** The body of the next message on {@code topic}, skipping others; an {@link AssertionError} after 10 s. */
    public JsonNode next(String topic) throws InterruptedException {
        return next(m -> m.topic().equals(topic), WAIT, "a message on " + topic).body();
    }

    /** The next message that {@code match} accepts, skipping others; an {@link AssertionError} after the timeout. */
    public Message next(Predicate<Message> match, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Message message = received.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && match.test(message)) {
                return message;
            }
        }
        throw new AssertionError("no " + what + " within " + timeout.toMillis() + " ms");
    }

    /** Publishes a request on the device's topic with QoS 1 and waits for its reply on {@code <topic>_reply}. */
    public JsonNode request(String suffix, String method, Object params, String id) throws Exception {
        String topic = topic(suffix);
        client.subscribe(topic + "_reply", 1);
        publish(topic, JSON.writeValueAsString(Map.of("id", id, "version", "1.1", "method", method,
                "params", params)));
        return next(m -> m.topic().equals(topic + "_reply") && id.equals(m.body().path("id").asString()), WAIT,
                "reply to " + id + " on " + topic).body();
    }

    @Override
    public void connectionLost(Throwable cause) {
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Message(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
        receivedRaw.add(new RawMessage(topic, message.getPayload()));
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
