package org.openenos.connectivity.http;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.DeviceSession;
import org.openenos.connectivity.DeviceSessionRegistry;
import org.openenos.connectivity.UpstreamRouter;
import org.openenos.connectivity.raw.RawPayloads;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.model.DeviceStatus;
import org.openenos.model.Product;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicCatalogue;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;
import org.openenos.registry.DeviceDirectory;

/**
 * HTTP device access (reference §4): a device signs in with {@code POST /auth/{pk}/{dk}} and gets a session id for
 * {@code lifetime} ms; then it posts the same JSON as over MQTT to {@code /topic<mqtt topic>}, answered through the
 * same {@link UpstreamRouter}. Commands for it wait in its session and leave with its next response.
 */
public final class HttpDeviceAccess {
    public static final long DEFAULT_LIFETIME_MS = 300_000;
    public static final long MAX_LIFETIME_MS = 86_400_000;
    private static final long MIN_LIFETIME_MS = 10_000;

    /** A command for the device, delivered in the response headers {@code topic} and {@code command-payload}. */
    public record Command(String topic, byte[] payload) {
    }

    private record HttpSession(DeviceSession session, HttpDeviceLink link, long lifetimeMs, Instant[] expires) {
    }

    private final DeviceDirectory directory;
    private final DeviceSessionRegistry sessions;
    private final UpstreamRouter router;
    private final Clock clock;
    private final MessageCodec codec = new MessageCodec();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, HttpSession> byId = new ConcurrentHashMap<>();
    private volatile Supplier<RawPayloads> rawPayloads = () -> null;

    public HttpDeviceAccess(DeviceDirectory directory, DeviceSessionRegistry sessions, UpstreamRouter router,
                            Clock clock, ScheduledExecutorService scheduler) {
        this.directory = directory;
        this.sessions = sessions;
        this.router = router;
        this.clock = clock;
        scheduler.scheduleWithFixedDelay(this::expireSessions, 5, 5, TimeUnit.SECONDS);
    }

    /** Verifies the login sign (sha256 over sorted {deviceKey, lifetime, productKey, signMethod} + deviceSecret). */
    public String login(String productKey, String deviceKey, String signMethod, Object lifetime, String sign,
                        String clientAddress) {
        Product product = directory.product(productKey)
                .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_UNKNOWN, "unknown product " + productKey));
        Device device = directory.device(productKey, deviceKey)
                .orElseThrow(() -> new OpenEnosException(ErrorCode.DEVICE_UNKNOWN, "unknown device " + deviceKey));
        String lifetimeText = lifetime == null ? null : lifetime.toString();
        String method = signMethod == null ? "sha256" : signMethod;
        if (lifetimeText == null || sign == null || !DeviceSigner.verify(Map.of("deviceKey", deviceKey, "lifetime",
                lifetimeText, "productKey", productKey, "signMethod", method), device.deviceSecret(), method, sign)) {
            throw new OpenEnosException(ErrorCode.DEVICE_SIGN_INVALID, "sign check failed");
        }
        if (product.biDirectionalAuth()) {
            throw new OpenEnosException(ErrorCode.DEVICE_TLS_REQUIRED, "The device must login by ssl");
        }
        if (!device.enabled() || device.status() == DeviceStatus.disabled) {
            throw new OpenEnosException(ErrorCode.DEVICE_DISABLED, "device is disabled");
        }
        long lifetimeMs;
        try {
            lifetimeMs = Math.clamp(Long.parseLong(lifetimeText.trim()), MIN_LIFETIME_MS, MAX_LIFETIME_MS);
        } catch (NumberFormatException e) {
            throw new OpenEnosException(ErrorCode.DEVICE_PAYLOAD_FORMAT, "lifetime: milliseconds expected");
        }
        String sessionId = HexFormat.of().formatHex(bytes(24));
        HttpDeviceLink link = new HttpDeviceLink(clientAddress, () -> end(sessionId));
        DeviceSession session = new DeviceSession(DeviceRef.of(device), product.isGateway(), link);
        byId.put(sessionId, new HttpSession(session, link, lifetimeMs,
                new Instant[]{clock.instant().plusMillis(lifetimeMs)}));
        sessions.open(session);
        return sessionId;
    }

    /** Handles one post of a device: a request answered with its reply, or a command reply (answered 200). */
    public CompletableFuture<DeviceReply> publish(String sessionId, String topic, byte[] body) {
        HttpSession http = live(sessionId);
        TopicRoute route = TopicCatalogue.parse(topic).orElseThrow(() ->
                new OpenEnosException(ErrorCode.DEVICE_TOPIC_NOT_WRITABLE, "unknown topic " + topic));
        if (route.reply()) {
            DeviceReply reply = codec.decodeReply(body);
            router.dispatchReply(http.session(), route, reply);
            return CompletableFuture.completedFuture(DeviceReply.ok(reply.id(), null));
        }
        return router.dispatch(http.session(), route, codec.decodeRequest(body));
    }

    /** True for the raw topics of custom-format products, whose bodies are binary frames, not JSON. */
    public static boolean isRawTopic(String topic) {
        return TopicCatalogue.parse(topic).filter(route -> route.kind() == TopicKind.MODEL_UP_RAW && !route.reply()
                || route.kind() == TopicKind.MODEL_DOWN_RAW && route.reply()).isPresent();
    }

    /**
     * A binary frame of a custom-format device (reference §4: the body of an {@code up_raw} post is
     * {@code application/octet-stream}), converted by the product's parsing script exactly as over MQTT: a frame on
     * {@code model/up_raw} takes the route of its converted method, a frame on {@code down_raw_reply} completes its
     * command. The outcome carries the reply and the raw frame made of it; both are null when nothing could be
     * read (no script, a frame the script refuses, a topic of another device).
     */
    public CompletableFuture<RawPayloads.Uplinked> publishRaw(String sessionId, String topic, byte[] frame) {
        HttpSession http = live(sessionId);
        TopicRoute route = TopicCatalogue.parse(topic).orElseThrow(() ->
                new OpenEnosException(ErrorCode.DEVICE_TOPIC_NOT_WRITABLE, "unknown topic " + topic));
        RawPayloads raw = rawPayloads.get();
        if (raw == null) {
            return CompletableFuture.completedFuture(new RawPayloads.Uplinked(null, null));
        }
        if (route.reply()) {
            boolean done = raw.commandReply(http.session(), route, frame);
            return CompletableFuture.completedFuture(
                    new RawPayloads.Uplinked(done ? DeviceReply.ok(null, null) : null, null));
        }
        return raw.uplink(http.session(), route, frame);
    }

    /** The raw-topic conversions (custom-format products), once parsing scripts are configured. */
    public void attachRawPayloads(Supplier<RawPayloads> rawPayloads) {
        this.rawPayloads = rawPayloads;
    }

    /** The device a live session belongs to (401 when the session is unknown or expired). */
    public DeviceRef device(String sessionId) {
        return live(sessionId).session().device();
    }

    /** The next command waiting for the device, to go out with the response. */
    public Optional<Command> nextCommand(String sessionId) {
        HttpSession http = byId.get(sessionId);
        return Optional.ofNullable(http == null ? null : http.link().poll())
                .map(out -> new Command(out.topic(), out.payload()));
    }

    public int size() {
        return byId.size();
    }

    private HttpSession live(String sessionId) {
        HttpSession http = sessionId == null ? null : byId.get(sessionId);
        if (http == null || clock.instant().isAfter(http.expires()[0])) {
            throw new OpenEnosException(ErrorCode.HTTP_SESSION_INVALID, "session expired or unknown: log in again");
        }
        http.expires()[0] = clock.instant().plusMillis(http.lifetimeMs()); // a session in use stays alive
        return http;
    }

    private void end(String sessionId) {
        HttpSession http = byId.remove(sessionId);
        if (http != null) {
            sessions.close(http.session());
        }
    }

    private void expireSessions() {
        Instant now = clock.instant();
        byId.forEach((id, http) -> {
            if (now.isAfter(http.expires()[0])) {
                end(id);
            }
        });
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
