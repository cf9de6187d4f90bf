package org.openenos.edge.app.cloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openenos.edge.cloud.CloudCommand;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.CloudConfig;
import org.openenos.edge.config.GatewayConfig;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicCatalogue;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CloudLink} over MQTT with Eclipse Paho, using the protocol module for topics, signs and envelopes. Kept
 * deliberately thin: it will be replaced by the device SDK, so it only frames requests, matches replies by id and
 * turns downstream messages into {@link CloudCommand}s. The session logic lives in the edge core.
 */
public final class MqttCloudLink implements CloudLink, MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(MqttCloudLink.class);
    /** EnOS allows at most 200 sub-devices per combine.login.batch (reference §3.1). */
    private static final int LOGIN_CHUNK = 200;
    private static final java.util.concurrent.Executor PREPARE = java.util.concurrent.Executors
            .newThreadPerTaskExecutor(Thread.ofVirtual().name("edge-cloud-prepare-", 0).factory());

    private final CloudConfig cloud;
    private final GatewayConfig gateway;
    private final GatewayCredentials credentials;
    private final CloudTransport transport;
    private final MessageCodec codec = new MessageCodec();
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, CompletableFuture<DeviceReply>> pending = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> replySubscriptions = new ConcurrentHashMap<>();
    private volatile MqttAsyncClient client;
    private volatile Listener listener;

    public MqttCloudLink(CloudConfig cloud, GatewayConfig gateway, GatewayCredentials credentials) {
        this(cloud, gateway, credentials, CloudTransport.configured(cloud));
    }

    public MqttCloudLink(CloudConfig cloud, GatewayConfig gateway, GatewayCredentials credentials,
                         CloudTransport transport) {
        this.cloud = cloud;
        this.gateway = gateway;
        this.credentials = credentials;
        this.transport = transport;
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Prepares the transport off the caller's thread (provisioning may activate the edge and call the CA over HTTP),
     * then logs in.
     */
    @Override
    public CompletableFuture<Void> connect() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return transport.prepare();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, PREPARE).thenCompose(this::connect);
    }

    private synchronized CompletableFuture<Void> connect(CloudTransport.Target target) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            close();
            String timestamp = Long.toString(System.currentTimeMillis());
            String deviceSecret = credentials.deviceSecret();
            int secureMode = deviceSecret != null ? 2 : 3;
            String secret = deviceSecret != null ? deviceSecret : gateway.productSecret();
            String cid = gateway.deviceKey();
            String clientId = cid + "|securemode=" + secureMode + ",signmethod=" + cloud.signMethod() + ",timestamp=" + timestamp + "|";
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName(gateway.deviceKey() + "&" + gateway.productKey());
            options.setPassword(Signs.sign(cid, gateway.productKey(), gateway.deviceKey(), timestamp, secret,
                    cloud.signMethod()).toCharArray());
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            options.setKeepAliveInterval(60);
            options.setConnectionTimeout(Math.max(1, cloud.requestTimeoutMillis() / 1000));
            options.setMaxInflight(1000);
            if (target.socketFactory() != null) {
                options.setSocketFactory(target.socketFactory());
            }
            MqttAsyncClient c = new MqttAsyncClient(target.uri(), clientId, new MemoryPersistence());
            c.setCallback(this);
            client = c;
            replySubscriptions.clear();
            c.connect(options, null, listener(done, () -> {
                LOG.info("gateway {} connected to {}", gateway.deviceKey(), target.uri());
                if (listener != null) {
                    listener.connected();
                }
            }));
        } catch (Exception e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public CompletableFuture<Void> addTopology(List<SubDevice> devices) {
        List<Map<String, Object>> params = new ArrayList<>();
        for (SubDevice d : devices) {
            String timestamp = Long.toString(System.currentTimeMillis());
            String clientId = d.productKey() + "." + d.deviceKey() + "." + timestamp;
            params.add(Map.of("productKey", d.productKey(), "deviceKey", d.deviceKey(), "clientId", clientId,
                    "timestamp", timestamp, "signMethod", cloud.signMethod(),
                    "sign", Signs.sign(clientId, d.productKey(), d.deviceKey(), timestamp, d.deviceSecret(), cloud.signMethod())));
        }
        return request(TopicKind.TOPO_ADD, params).thenAccept(reply -> { });
    }

    @Override
    public CompletableFuture<Map<SubDevice, String>> loginSubDevices(List<SubDevice> devices) {
        Map<SubDevice, String> refused = new ConcurrentHashMap<>();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (int from = 0; from < devices.size(); from += LOGIN_CHUNK) {
            List<SubDevice> chunk = devices.subList(from, Math.min(devices.size(), from + LOGIN_CHUNK));
            all = all.thenCompose(ok -> loginChunk(chunk, refused));
        }
        return all.thenApply(ok -> Map.copyOf(refused));
    }

    private CompletableFuture<Void> loginChunk(List<SubDevice> chunk, Map<SubDevice, String> refused) {
        String timestamp = Long.toString(System.currentTimeMillis());
        String clientId = "login.batch";
        List<Map<String, Object>> subDevices = new ArrayList<>();
        for (SubDevice d : chunk) {
            subDevices.add(Map.of("productKey", d.productKey(), "deviceKey", d.deviceKey(), "secureMode", "2",
                    "sign", Signs.sign(clientId, d.productKey(), d.deviceKey(), timestamp, d.deviceSecret(), cloud.signMethod())));
        }
        Map<String, Object> params = Map.of("clientId", clientId, "timestamp", timestamp,
                "signMethod", cloud.signMethod(), "subDevices", subDevices);
        return send(TopicKind.COMBINE_LOGIN_BATCH, params).thenAccept(reply -> {
            if (reply.data() instanceof Map<?, ?> data && data.get("failedSubDevices") instanceof List<?> failed) {
                for (Object f : failed) {
                    if (f instanceof Map<?, ?> m) {
                        chunk.stream().filter(d -> d.productKey().equals(m.get("productKey"))
                                && d.deviceKey().equals(m.get("deviceKey"))).findFirst()
                                .ifPresent(d -> refused.put(d, reply.code() + " " + reply.message()));
                    }
                }
            } else if (!reply.isSuccess()) {
                throw new IllegalStateException("combine.login.batch refused: " + reply.code() + " " + reply.message());
            }
        });
    }

    @Override
    public CompletableFuture<Void> postMeasurepoints(List<UploadItem> items) {
        return request(TopicKind.MEASUREPOINT_POST_BATCH, batch(items)).thenAccept(reply -> { });
    }

    @Override
    public CompletableFuture<Void> resumeMeasurepoints(List<UploadItem> items) {
        return request(TopicKind.MEASUREPOINT_RESUME_BATCH, batch(items)).thenAccept(reply -> { });
    }

    /**
     * The Java SDK's wrapped form: {@code skipInvalidMeasurepoints} keeps one failed read (sent with bad quality
     * and no value) from failing the batch of every other device.
     */
    private static Map<String, Object> batch(List<UploadItem> items) {
        List<Map<String, Object>> list = new ArrayList<>(items.size());
        for (UploadItem item : items) {
            list.add(Map.of("productKey", item.productKey(), "deviceKey", item.deviceKey(), "time", item.time(),
                    "measurepoints", item.measurepoints()));
        }
        return Map.of("measurepoints", list, "allowOfflineSubDevice", false, "skipInvalidMeasurepoints", true);
    }

    @Override
    public CompletableFuture<Void> postEvent(SubDevice device, String eventId, Map<String, Object> outputs, long time) {
        String topic = TopicKind.EVENT_POST.topic(device.productKey(), device.deviceKey(), eventId);
        return request(topic, TopicKind.EVENT_POST.method(eventId), Map.of("events", outputs, "time", time))
                .thenAccept(reply -> { });
    }

    private CompletableFuture<DeviceReply> request(TopicKind kind, Object params) {
        return send(kind, params).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new IllegalStateException(kind.method(null) + " refused: " + reply.code() + " " + reply.message());
            }
            return reply;
        });
    }

    /** Sends a request on the gateway's own topic and completes with the reply, whatever its code. */
    private CompletableFuture<DeviceReply> send(TopicKind kind, Object params) {
        return request(kind.topic(gateway.productKey(), gateway.deviceKey()), kind.method(null), params);
    }

    private CompletableFuture<DeviceReply> request(String topic, String method, Object params) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<DeviceReply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.orTimeout(cloud.requestTimeoutMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> pending.remove(id));
        byte[] payload = codec.encode(new DeviceRequest(id, "1.1", method, params));
        // §2: the broker sends replies only to subscribers, so subscribe before the first request of a type. Never
        // block here: this may run on Paho's callback thread, which must stay free to deliver the SUBACK.
        subscription(c, topic + TopicCatalogue.REPLY_SUFFIX).thenRun(() -> {
            try {
                c.publish(topic, payload, 1, false, null, listener(new CompletableFuture<>(), () -> { }, reply));
            } catch (MqttException e) {
                reply.completeExceptionally(e);
            }
        }).exceptionally(error -> {
            reply.completeExceptionally(error);
            return null;
        });
        return reply;
    }

    private CompletableFuture<Void> subscription(MqttAsyncClient c, String replyTopic) {
        return replySubscriptions.computeIfAbsent(replyTopic, t -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                c.subscribe(t, 1, null, listener(done, () -> { }));
            } catch (MqttException e) {
                done.completeExceptionally(e);
            }
            done.whenComplete((ok, e) -> {
                if (e != null) {
                    replySubscriptions.remove(t);
                }
            });
            return done;
        });
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        TopicRoute route = TopicCatalogue.parse(topic).orElse(null);
        if (route == null) {
            LOG.debug("ignoring message on unknown topic {}", topic);
            return;
        }
        try {
            if (route.reply()) {
                DeviceReply reply = codec.decodeReply(message.getPayload());
                CompletableFuture<DeviceReply> future = pending.remove(reply.id());
                if (future != null) {
                    future.complete(reply);
                }
                return;
            }
            DeviceRequest request = codec.decodeRequest(message.getPayload());
            switch (route.kind()) {
                case MEASUREPOINT_SET -> command(route, request, CloudCommand.Kind.SET_MEASUREPOINT, null);
                case SERVICE_INVOKE -> command(route, request, CloudCommand.Kind.INVOKE_SERVICE, route.id());
                case ACTIVATE_INFO -> activate(route, request);
                default -> respond(route, DeviceReply.error(request.id(), 1101, "not supported by this edge"));
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot handle message on {}: {}", topic, e.getMessage());
        }
    }

    private void command(TopicRoute route, DeviceRequest request, CloudCommand.Kind kind, String serviceId) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (request.params() instanceof Map<?, ?> map) {
            map.forEach((k, v) -> params.put(String.valueOf(k), v));
        }
        Listener l = listener;
        if (l == null) {
            respond(route, DeviceReply.error(request.id(), 1101, "edge not ready"));
            return;
        }
        l.command(new CloudCommand(route.productKey(), route.deviceKey(), kind, serviceId, params,
                result -> respond(route, new DeviceReply(request.id(), result.code(), result.data(), result.message()))));
    }

    /** §1.3: the cloud hands out the device secret after a product-secret login; keep it and log in with it. */
    private void activate(TopicRoute route, DeviceRequest request) {
        if (request.params() instanceof Map<?, ?> p && p.get("deviceSecret") instanceof String secret) {
            credentials.store(secret);
            respond(route, DeviceReply.ok(request.id(), Map.of()));
        }
    }

    private void respond(TopicRoute route, DeviceReply reply) {
        try {
            // §2: device replies to commands use QoS 0.
            client.publish(route.replyTopic(), codec.encode(reply), 0, false);
        } catch (MqttException e) {
            LOG.warn("cannot reply on {}: {}", route.replyTopic(), e.getMessage());
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        pending.values().forEach(f -> f.completeExceptionally(cause));
        pending.clear();
        Listener l = listener;
        if (l != null) {
            l.disconnected(cause);
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }

    private static IMqttActionListener listener(CompletableFuture<Void> done, Runnable onSuccess) {
        return listener(done, onSuccess, null);
    }

    private static IMqttActionListener listener(CompletableFuture<Void> done, Runnable onSuccess,
                                                CompletableFuture<?> alsoFail) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                onSuccess.run();
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                done.completeExceptionally(error);
                if (alsoFail != null) {
                    alsoFail.completeExceptionally(error);
                }
            }
        };
    }

    @Override
    public synchronized void close() {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(1000).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }
}
