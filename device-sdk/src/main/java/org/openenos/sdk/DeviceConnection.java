package org.openenos.sdk;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's MQTT connection on Paho: signs the CONNECT (reference §1.2), reconnects with exponential backoff and
 * jitter after a loss, and hands every inbound message to the listener, including pushes on topics the device
 * never subscribed to (commands, reference §2). A new Paho client is made for each attempt because the signed
 * clientId carries the login timestamp.
 */
final class DeviceConnection {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);

    /** What the connection signs in with; {@code secureMode} is 2 (device secret) or 3 (product secret). */
    record Credentials(String productKey, String deviceKey, String secret, int secureMode) {
    }

    interface Listener {
        void connected(boolean reconnect);

        void messageArrived(String topic, byte[] payload);

        void lost(Throwable cause);
    }

    private final DeviceClientOptions options;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private volatile Supplier<Credentials> credentials;
    private volatile MqttAsyncClient client;
    private volatile boolean closed;
    private volatile boolean everConnected;
    private long backoffMillis;

    DeviceConnection(DeviceClientOptions options, Listener listener, ScheduledExecutorService scheduler) {
        this.options = options;
        this.listener = listener;
        this.scheduler = scheduler;
        this.backoffMillis = options.minBackoff().toMillis();
    }

    CompletableFuture<Void> connect(Supplier<Credentials> credentialsSource) {
        this.credentials = credentialsSource;
        this.closed = false;
        return attempt();
    }

    boolean isConnected() {
        MqttAsyncClient current = client;
        return current != null && current.isConnected();
    }

    CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        MqttAsyncClient current = client;
        if (current == null || !current.isConnected()) {
            return CompletableFuture.failedFuture(new NotConnectedException("not connected"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            current.publish(topic, payload, qos, false, null, completing(done));
        } catch (MqttException e) {
            done.completeExceptionally(new NotConnectedException("publish on " + topic + " failed", e));
        }
        return done;
    }

    CompletableFuture<Void> subscribe(String topic) {
        MqttAsyncClient current = client;
        if (current == null || !current.isConnected()) {
            return CompletableFuture.failedFuture(new NotConnectedException("not connected"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            current.subscribe(topic, 1, null, completing(done));
        } catch (MqttException e) {
            done.completeExceptionally(new NotConnectedException("subscribe to " + topic + " failed", e));
        }
        return done;
    }

    /** Closes the connection; with {@code reconnectAfterwards} a new login follows at once (after activation). */
    void disconnect(boolean reconnectAfterwards) {
        this.closed = !reconnectAfterwards;
        MqttAsyncClient current = client;
        client = null;
        if (current != null) {
            try {
                if (current.isConnected()) {
                    current.disconnectForcibly(0, 1000, false);
                }
                current.close(true);
            } catch (MqttException e) {
                LOG.debug("Closing the connection failed", e);
            }
        }
    }

    private CompletableFuture<Void> attempt() {
        Credentials login = credentials.get();
        String timestamp = Long.toString(System.currentTimeMillis());
        String clientId = login.deviceKey() + "|securemode=" + login.secureMode() + ",signmethod=sha256,timestamp="
                + timestamp + "|";
        String password = DeviceSigner.sign(Map.of("clientId", login.deviceKey(), "deviceKey", login.deviceKey(),
                "productKey", login.productKey(), "timestamp", timestamp), login.secret(), SignMethod.SHA256);
        MqttConnectOptions connect = new MqttConnectOptions();
        connect.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        connect.setCleanSession(true);
        connect.setAutomaticReconnect(false);
        connect.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        connect.setConnectionTimeout((int) options.connectTimeout().toSeconds());
        connect.setMaxInflight(options.maxInflight());
        connect.setUserName(login.deviceKey() + "&" + login.productKey());
        connect.setPassword(password.toCharArray());
        if (options.tls() != null) {
            connect.setSocketFactory(options.tls());
        } else if (options.localAddress() != null) {
            connect.setSocketFactory(new LocalAddressSocketFactory(options.localAddress()));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            MqttAsyncClient next = new MqttAsyncClient(options.serverUri(), clientId, new MemoryPersistence());
            next.setCallback(callback(next));
            next.connect(connect, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    client = next;
                    boolean reconnect = everConnected;
                    everConnected = true;
                    backoffMillis = options.minBackoff().toMillis();
                    done.complete(null);
                    listener.connected(reconnect);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    scheduler.execute(() -> closeQuietly(next));
                    done.completeExceptionally(new NotConnectedException("login of " + login.productKey() + "/"
                            + login.deviceKey() + " to " + options.serverUri() + " failed", failure));
                }
            });
        } catch (MqttException e) {
            done.completeExceptionally(new NotConnectedException("cannot connect to " + options.serverUri(), e));
        }
        return done;
    }

    private MqttCallback callback(MqttAsyncClient owner) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                if (client != owner) {
                    return;
                }
                client = null;
                // closing from Paho's own callback thread is not allowed; hand it over
                scheduler.execute(() -> closeQuietly(owner));
                LOG.info("Connection lost: {}", cause == null ? "closed" : cause.getMessage());
                listener.lost(cause);
                scheduleReconnect();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                listener.messageArrived(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // completion is reported per publish through its action listener
            }
        };
    }

    private void scheduleReconnect() {
        if (closed || !options.reconnect()) {
            return;
        }
        long delay = backoffMillis / 2 + (long) (Math.random() * backoffMillis / 2);
        backoffMillis = Math.min(backoffMillis * 2, options.maxBackoff().toMillis());
        scheduler.schedule(() -> {
            if (closed || isConnected()) {
                return;
            }
            attempt().exceptionally(failure -> {
                LOG.debug("Reconnect failed: {}", failure.getMessage());
                scheduleReconnect();
                return null;
            });
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Starts the reconnect loop after a failed first connect, when the caller wants the client to keep trying. */
    void keepTrying() {
        scheduleReconnect();
    }

    private static IMqttActionListener completing(CompletableFuture<Void> done) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                done.completeExceptionally(new NotConnectedException("MQTT operation failed", failure));
            }
        };
    }

    private static void closeQuietly(MqttAsyncClient client) {
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.trace("close", e);
        }
    }
}
