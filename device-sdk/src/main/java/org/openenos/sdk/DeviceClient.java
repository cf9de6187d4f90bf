package org.openenos.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.MessageFormatException;
import org.openenos.protocol.TopicCatalogue;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;
import org.openenos.sdk.buffer.MeasurepointBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's client of the EnOS MQTT protocol (reference §1–3): logs in (device secret, dynamic activation, or either
 * over two-way TLS), sends upstream requests and matches their {@code _reply} on topic + id, answers pushed commands,
 * reconnects with backoff and, with a buffer file configured, keeps measure points on disk until the server
 * acknowledges them, re-sending them on the {@code resume} topics after an outage.
 *
 * <pre>{@code
 * try (DeviceClient device = DeviceClient.create(DeviceClientOptions.of("tcp://localhost:11883"),
 *         new Login.Secret(productKey, deviceKey, deviceSecret))) {
 *     device.connect().join();
 *     device.onService("restart", command -> Map.of("ok", true));
 *     device.postMeasurepoints(Map.of("power", 1.5)).join();
 * }
 * }</pre>
 */
public final class DeviceClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceClient.class);
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("openenos-sdk-scheduler").factory());
    private static final ExecutorService WORKERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("openenos-sdk-", 0).factory());
    static final MessageCodec CODEC = new MessageCodec();

    private final DeviceClientOptions options;
    private final Login login;
    private final DeviceConnection connection;
    private final ReplyRegistry replies = new ReplyRegistry();
    private final CommandRouter commands;
    private final Map<String, CompletableFuture<Void>> subscribed = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final GatewayOperations gateway;
    private final StoreAndForward storeAndForward;
    private volatile String deviceSecret;
    private volatile java.util.function.Consumer<Throwable> connectionLost = cause -> { };
    private volatile CompletableFuture<Void> activation;

    private DeviceClient(DeviceClientOptions options, Login login) {
        this.options = options;
        this.login = login;
        this.connection = new DeviceConnection(options, new Events(), SCHEDULER);
        this.commands = new CommandRouter(CODEC, WORKERS, (topic, payload) -> connection.publish(topic, payload, 0));
        this.gateway = new GatewayOperations(this);
        this.storeAndForward = options.bufferFile() == null ? null
                : new StoreAndForward(this, MeasurepointBuffer.open(options.bufferFile(), options.bufferMaxBytes()),
                SCHEDULER);
        this.deviceSecret = switch (login) {
            case Login.Secret secret -> secret.deviceSecret();
            case Login.DynamicActivation dynamic -> dynamic.secrets().load(login.productKey(), login.deviceKey())
                    .orElse(null);
        };
    }

    public static DeviceClient create(DeviceClientOptions options, Login login) {
        return new DeviceClient(options, login);
    }

    public DeviceId id() {
        return new DeviceId(login.productKey(), login.deviceKey());
    }

    /**
     * Logs in. Completes once the device is online with its own secret: after a dynamic activation that is the
     * second connection, made with the secret the server pushed.
     */
    public CompletableFuture<Void> connect() {
        if (deviceSecret == null) {
            activation = new CompletableFuture<>();
            return connection.connect(this::credentials)
                    .thenCompose(connected -> activation.orTimeout(options.replyTimeout().toMillis(),
                            TimeUnit.MILLISECONDS));
        }
        return connection.connect(this::credentials);
    }

    /** Like {@link #connect()}, but when the first attempt fails the client keeps trying with backoff. */
    public CompletableFuture<Void> connectAndKeepTrying() {
        CompletableFuture<Void> first = connect();
        first.exceptionally(failure -> {
            connection.keepTrying();
            return null;
        });
        return first;
    }

    public boolean isConnected() {
        return connection.isConnected();
    }

    /**
     * Called when an established connection drops (not when {@link #close()} ends it). Applications that drive their
     * own reconnects (the edge, with reconnect disabled in the options) learn here that they must.
     */
    public DeviceClient onConnectionLost(java.util.function.Consumer<Throwable> listener) {
        this.connectionLost = listener == null ? cause -> { } : listener;
        return this;
    }

    /** The secret the device logs in with (after dynamic activation: the one the server issued). */
    public Optional<String> deviceSecret() {
        return Optional.ofNullable(deviceSecret);
    }

    public GatewayOperations gateway() {
        return gateway;
    }

    // ---- upstream requests (reference §3.1) ----

    /** Sends a request on a topic of {@code device} (this device or a logged-in sub-device) and waits for its reply. */
    public CompletableFuture<DeviceReply> request(TopicKind kind, DeviceId device, String topicId, Object params) {
        return request(kind, device, topicId, params, 1);
    }

    /** {@link #request} at QoS 0 or 1 (the EnOS SDKs use 1; load tests compare both). */
    public CompletableFuture<DeviceReply> request(TopicKind kind, DeviceId device, String topicId, Object params,
                                                  int qos) {
        String topic = kind.topic(device.productKey(), device.deviceKey(), topicId);
        String replyTopic = topic + TopicCatalogue.REPLY_SUFFIX;
        String id = Long.toString(ids.incrementAndGet());
        byte[] payload = CODEC.encode(new DeviceRequest(id, "1.1", kind.method(topicId), params));
        CompletableFuture<Void> ready = options.subscribeReplies()
                ? subscribed.computeIfAbsent(replyTopic, connection::subscribe) : CompletableFuture.completedFuture(null);
        CompletableFuture<DeviceReply> reply = replies.expect(replyTopic, id, options.replyTimeout());
        ready.thenCompose(done -> connection.publish(topic, payload, qos)).whenComplete((sent, failure) -> {
            if (failure != null) {
                subscribed.remove(replyTopic, ready.isCompletedExceptionally() ? ready : null);
                replies.cancel(replyTopic, id, failure);
            }
        });
        return reply;
    }

    /** {@link #request} that fails with {@link DeviceRequestException} unless the reply's code is 200. */
    public CompletableFuture<Object> call(TopicKind kind, DeviceId device, String topicId, Object params) {
        return request(kind, device, topicId, params).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new DeviceRequestException(reply);
            }
            return reply.data();
        });
    }

    /**
     * Posts measure points of this device at the current time. With a buffer configured the values are on disk
     * first, and the future completes once the server has acknowledged them, possibly after a reconnect.
     */
    public CompletableFuture<Void> postMeasurepoints(Map<String, Object> measurepoints) {
        return postMeasurepoints(MeasurepointItem.now(measurepoints));
    }

    public CompletableFuture<Void> postMeasurepoints(MeasurepointItem item) {
        if (storeAndForward != null) {
            return storeAndForward.post(item);
        }
        DeviceId target = item.device() == null ? id() : item.device();
        return call(TopicKind.MEASUREPOINT_POST, target, null, pointParams(item)).thenApply(data -> null);
    }

    /** {@code thing.measurepoint.post.batch}: items for this device and sub-devices in one request. */
    public CompletableFuture<Void> postMeasurepointBatch(List<MeasurepointItem> items, boolean allowOfflineSubDevice,
                                                         boolean skipInvalidMeasurepoints) {
        return call(TopicKind.MEASUREPOINT_POST_BATCH, id(), null, batchParams(items, allowOfflineSubDevice,
                skipInvalidMeasurepoints)).thenApply(data -> null);
    }

    /** {@code thing.measurepoint.resume}: values recorded while offline, with their original time. */
    public CompletableFuture<Void> resumeMeasurepoints(MeasurepointItem item) {
        DeviceId target = item.device() == null ? id() : item.device();
        return call(TopicKind.MEASUREPOINT_RESUME, target, null, pointParams(item)).thenApply(data -> null);
    }

    public CompletableFuture<Void> resumeMeasurepointBatch(List<MeasurepointItem> items, boolean allowOfflineSubDevice) {
        return resumeMeasurepointBatch(items, allowOfflineSubDevice, false);
    }

    /** {@code thing.measurepoint.resume.batch}; {@code skipInvalidMeasurepoints} as for a live batch. */
    public CompletableFuture<Void> resumeMeasurepointBatch(List<MeasurepointItem> items, boolean allowOfflineSubDevice,
                                                           boolean skipInvalidMeasurepoints) {
        return call(TopicKind.MEASUREPOINT_RESUME_BATCH, id(), null, batchParams(items, allowOfflineSubDevice,
                skipInvalidMeasurepoints)).thenApply(data -> null);
    }

    /** {@code thing.event.{eventId}.post} with the event's output values. */
    public CompletableFuture<Void> postEvent(DeviceId device, String eventId, Map<String, Object> outputs, long time) {
        return call(TopicKind.EVENT_POST, device == null ? id() : device, eventId,
                Map.of("events", outputs, "time", time)).thenApply(data -> null);
    }

    public CompletableFuture<Void> updateAttributes(Map<String, Object> attributes) {
        return call(TopicKind.ATTRIBUTE_UPDATE, id(), null, Map.of("attributes", attributes)).thenApply(d -> null);
    }

    /** Attribute values by id; an empty list asks for all. */
    public CompletableFuture<Map<String, Object>> queryAttributes(List<String> ids) {
        return call(TopicKind.ATTRIBUTE_QUERY, id(), null, Map.of("attributes", ids)).thenApply(DeviceClient::asMap);
    }

    public CompletableFuture<Void> deleteAttributes(List<String> ids) {
        return call(TopicKind.ATTRIBUTE_DELETE, id(), null, Map.of("attributes", ids)).thenApply(d -> null);
    }

    /** {@code thing.tag.update}: params is an array of {@code {tagKey, tagValue}}. */
    public CompletableFuture<Void> updateTags(Map<String, String> tags) {
        List<Map<String, String>> params = tags.entrySet().stream()
                .map(e -> Map.of("tagKey", e.getKey(), "tagValue", e.getValue())).toList();
        return call(TopicKind.TAG_UPDATE, id(), null, params).thenApply(d -> null);
    }

    public CompletableFuture<Map<String, Object>> queryTags(List<String> keys) {
        return call(TopicKind.TAG_QUERY, id(), null, Map.of("tags", keys)).thenApply(DeviceClient::asMap);
    }

    public CompletableFuture<Void> deleteTags(List<String> keys) {
        return call(TopicKind.TAG_DELETE, id(), null, Map.of("tags", keys)).thenApply(d -> null);
    }

    /** {@code ota.device.inform}: tells the platform which firmware version runs. */
    public CompletableFuture<Void> informVersion(String version) {
        return call(TopicKind.OTA_INFORM, id(), null, Map.of("version", version)).thenApply(d -> null);
    }

    // ---- downstream commands (reference §3.2) ----

    /** Handles {@code thing.service.{serviceId}} for this device and its sub-devices. */
    public DeviceClient onService(String serviceId, CommandHandler handler) {
        commands.onService(serviceId, handler);
        return this;
    }

    /** Handles a command kind: SERVICE_INVOKE (any service), MEASUREPOINT_SET/GET, COMBINE_ENABLE/DISABLE/DELETE… */
    public DeviceClient onCommand(TopicKind kind, CommandHandler handler) {
        commands.on(kind, handler);
        return this;
    }

    /** Publishes raw bytes (load tests and brokers that do not speak the EnOS protocol). */
    public CompletableFuture<Void> publishRaw(String topic, byte[] payload, int qos) {
        return connection.publish(topic, payload, qos);
    }

    @Override
    public void close() {
        connection.disconnect(false);
        replies.failAll(new NotConnectedException("client closed"));
        if (storeAndForward != null) {
            storeAndForward.close();
        }
    }

    // ---- package-private plumbing ----

    Map<String, Object> pointParams(MeasurepointItem item) {
        return Map.of("measurepoints", item.measurepoints(), "time", item.time());
    }

    Map<String, Object> batchParams(List<MeasurepointItem> items, boolean allowOffline, boolean skipInvalid) {
        List<Map<String, Object>> list = items.stream().map(item -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            DeviceId device = item.device() == null ? id() : item.device();
            entry.put("productKey", device.productKey());
            entry.put("deviceKey", device.deviceKey());
            entry.put("measurepoints", item.measurepoints());
            entry.put("time", item.time());
            return entry;
        }).toList();
        // the Java SDK's wrapper shape carries the two flags next to the array (reference §3.1)
        return Map.of("measurepoints", list, "allowOfflineSubDevice", allowOffline,
                "skipInvalidMeasurepoints", skipInvalid);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object data) {
        return data instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private DeviceConnection.Credentials credentials() {
        String secret = deviceSecret;
        if (secret != null) {
            return new DeviceConnection.Credentials(login.productKey(), login.deviceKey(), secret, 2);
        }
        Login.DynamicActivation dynamic = (Login.DynamicActivation) login;
        return new DeviceConnection.Credentials(login.productKey(), login.deviceKey(), dynamic.productSecret(), 3);
    }

    /** Reference §1.3: store the pushed secret, acknowledge, and log in again in mode 2. */
    private void activate(TopicRoute route, byte[] payload) {
        DeviceRequest request = CODEC.decodeRequest(payload);
        Object secret = asMap(request.params()).get("deviceSecret");
        if (!(login instanceof Login.DynamicActivation dynamic) || secret == null) {
            LOG.warn("Ignoring activation info for a device that did not ask for activation");
            return;
        }
        dynamic.secrets().save(login.productKey(), login.deviceKey(), secret.toString());
        deviceSecret = secret.toString();
        LOG.info("Device {}/{} activated; logging in with its own secret", login.productKey(), login.deviceKey());
        connection.publish(route.replyTopic(), CODEC.encode(DeviceReply.ok(request.id(), Map.of())), 0)
                .handle((sent, failure) -> null)
                .thenRunAsync(() -> {
                    connection.disconnect(true);
                    CompletableFuture<Void> pending = activation;
                    connection.connect(this::credentials).whenComplete((done, failure) -> {
                        if (pending != null) {
                            if (failure == null) {
                                pending.complete(null);
                            } else {
                                pending.completeExceptionally(failure);
                            }
                        }
                    });
                }, WORKERS);
    }

    private final class Events implements DeviceConnection.Listener {
        @Override
        public void connected(boolean reconnect) {
            subscribed.clear();
            if (reconnect) {
                WORKERS.execute(() -> {
                    gateway.loginAgain().whenComplete((done, failure) -> {
                        if (storeAndForward != null) {
                            storeAndForward.replay();
                        }
                    });
                });
            } else if (storeAndForward != null) {
                WORKERS.execute(storeAndForward::replay);
            }
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            Optional<TopicRoute> parsed = TopicCatalogue.parse(topic);
            if (parsed.isEmpty()) {
                LOG.debug("Ignoring message on unknown topic {}", topic);
                return;
            }
            TopicRoute route = parsed.get();
            try {
                if (route.reply()) {
                    if (!replies.complete(topic, CODEC.decodeReply(payload))) {
                        LOG.debug("Late or unknown reply on {}", topic);
                    }
                } else if (route.kind() == TopicKind.ACTIVATE_INFO) {
                    activate(route, payload);
                } else if (route.kind().direction() == TopicKind.Direction.DOWN) {
                    commands.dispatch(route, payload);
                }
            } catch (MessageFormatException e) {
                LOG.warn("Ignoring malformed message on {}: {}", topic, e.getMessage());
            }
        }

        @Override
        public void lost(Throwable cause) {
            replies.failAll(new NotConnectedException("connection lost", cause));
            connectionLost.accept(cause);
            if (storeAndForward != null) {
                storeAndForward.connectionLost();
            }
        }
    }
}
