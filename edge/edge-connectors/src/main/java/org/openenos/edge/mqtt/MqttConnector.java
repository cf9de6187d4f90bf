package org.openenos.edge.mqtt;

import com.jayway.jsonpath.DocumentContext;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.ConnectorStats;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldWriteException;
import org.openenos.edge.field.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT southbound on the Paho client: the edge subscribes to the topic filters of its points at a broker and maps
 * each JSON message with the points' JSONPaths. As with IEC 104 the latest sample per point is kept and a poll reads
 * it, so values are sent once per time and a lost broker reads bad (outage handling of the polled protocols). A
 * malformed message is counted and logged once per topic filter and point; it never stops the connector.
 */
public final class MqttConnector implements FieldConnector {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnector.class);

    private record Target(DeviceConfig device, RawPointConfig point) {
    }

    private final ConnectionConfig config;
    private final List<Target> targets;
    private final ConnectorStats stats = new ConnectorStats();
    private final Set<String> reportedMalformed = ConcurrentHashMap.newKeySet();
    private final Map<String, Sample> latest = new ConcurrentHashMap<>();
    private final MqttAsyncClient client;

    public MqttConnector(ConnectionConfig config, List<DeviceConfig> devices) {
        this.config = config;
        this.targets = devices.stream().flatMap(d -> d.points().stream().filter(p -> p.topic() != null)
                .map(p -> new Target(d, p))).toList();
        try {
            client = new MqttAsyncClient("tcp://" + config.host() + ":" + config.port(), config.clientId(),
                    new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("connection '" + config.id() + "': " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    @Override
    public String connectionId() {
        return config.id();
    }

    @Override
    public void start() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        options.setMaxReconnectDelay(10);
        options.setConnectionTimeout(Math.max(1, config.timeoutMillis() / 1000));
        if (config.username() != null) {
            options.setUserName(config.username());
            options.setPassword(config.password() == null ? new char[0] : config.password().toCharArray());
        }
        connect(options);
    }

    private void connect(MqttConnectOptions options) {
        try {
            client.connect(options, null, new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                }

                @Override
                public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable error) {
                    // Paho's automatic reconnect covers only links that were up once: retry the first connect here.
                    stats.lastError = "not connected: " + error;
                    LOG.debug("mqtt {} connect failed: {}", config.id(), error.toString());
                    Thread.ofVirtual().start(() -> {
                        try {
                            Thread.sleep(1_000);
                            if (!client.isConnected()) {
                                connect(options);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
            });
        } catch (MqttException e) {
            stats.lastError = "not connected: " + e;
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            Set<String> filters = new LinkedHashSet<>();
            targets.forEach(t -> filters.add(t.point().topic()));
            try {
                String[] topics = filters.toArray(String[]::new);
                client.subscribe(topics, new int[topics.length]);    // QoS 0: the poll reads the latest anyway
                LOG.info("mqtt {} connected to {}, subscribed to {}", config.id(), serverUri, filters);
            } catch (MqttException e) {
                stats.lastError = "subscribe failed: " + e;
                LOG.warn("mqtt {} could not subscribe to {}: {}", config.id(), filters, e.toString());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            stats.lastError = "connection lost: " + cause;
            latest.clear();
            LOG.warn("mqtt {} lost the broker {}:{} ({}); reconnecting", config.id(), config.host(), config.port(),
                    String.valueOf(cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    void onMessage(String topic, byte[] payload) {
        long now = System.currentTimeMillis();
        DocumentContext doc = null;
        for (Target t : targets) {
            if (!MqttTopic.isMatched(t.point().topic(), topic)) {
                continue;
            }
            try {
                if (doc == null) {
                    doc = JsonMessageMapper.parse(payload);
                }
                latest.put(key(t.device(), t.point()), JsonMessageMapper.sample(doc, t.point(), now));
                stats.lastSuccessMillis = now;
            } catch (JsonMessageMapper.MalformedMessage e) {
                unreadable(topic, t, "malformed", e.getMessage());
            } catch (RuntimeException e) {
                // Nothing may escape to Paho: an exception thrown from its callback drops the broker connection.
                unreadable(topic, t, e.getClass().getName(), e.toString());
            }
        }
    }

    /** Counts a message a point cannot read and logs it once per topic filter, point and kind of cause. */
    private void unreadable(String topic, Target t, String cause, String reason) {
        stats.unreadableMessages.incrementAndGet();
        stats.lastError = "malformed message on " + topic + ": " + reason;
        if (reportedMalformed.add(t.point().topic() + " " + t.device().id() + "." + t.point().id() + " " + cause)) {
            LOG.warn("mqtt {}: a message on {} for {}.{} cannot be read ({}); such messages are counted,"
                    + " logged once", config.id(), topic, t.device().id(), t.point().id(), reason);
        }
    }

    private static String key(DeviceConfig device, RawPointConfig point) {
        return device.id() + '\u0000' + point.id();
    }

    @Override
    public Map<String, Sample> read(DeviceConfig device, List<RawPointConfig> points) {
        long now = System.currentTimeMillis();
        boolean up = client.isConnected();
        stats.requests.incrementAndGet();
        if (!up) {
            stats.failedRequests.incrementAndGet();
        }
        Map<String, Sample> out = new HashMap<>(points.size() * 2);
        for (RawPointConfig p : points) {
            Sample s = up ? latest.get(key(device, p)) : null;
            Sample value = s == null ? Sample.bad(now) : s;
            (value.isGood() ? stats.goodSamples : stats.badSamples).incrementAndGet();
            out.put(p.id(), value);
        }
        return out;
    }

    @Override
    public CompletableFuture<Void> write(DeviceConfig device, RawPointConfig point, Object rawValue) {
        stats.failedWrites.incrementAndGet();
        return CompletableFuture.failedFuture(new FieldWriteException("connection '" + config.id()
                + "' (MQTT) has read-only points", null));
    }

    /** Messages whose JSON could not be read by a point's paths. */
    public long malformedMessages() {
        return stats.unreadableMessages.get();
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public ConnectorStats stats() {
        return stats;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(2_000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("mqtt {} close: {}", config.id(), e.toString());
        }
    }
}
