package org.openenos.connectivity.raw;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.DeviceSession;
import org.openenos.connectivity.UpstreamRouter;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Product;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.MessageFormatException;
import org.openenos.protocol.ResponseCodes;
import org.openenos.protocol.TopicCatalogue;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;
import org.openenos.registry.DeviceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw topics of custom-format products (reference §2 "Raw topics", §3.1 {@code model/up_raw}, §3.2
 * {@code model/down_raw}). Upstream, the product's script turns the binary frame into an EnOS request
 * ({@code rawDataToProtocol}); the request takes the same route as if it came as JSON on the topic of its method,
 * and the reply goes back through {@code protocolToRawData} on {@code up_raw_reply}. Downstream, commands for a
 * custom-format device are encoded by {@code protocolToRawData} and leave on {@code down_raw}; the device's raw
 * answer on {@code down_raw_reply} is decoded by {@code rawDataToProtocol}.
 */
public final class RawPayloads {
    private static final Logger LOG = LoggerFactory.getLogger(RawPayloads.class);

    private final ProductScripts scripts;
    private final DeviceDirectory directory;
    private final UpstreamRouter router;
    /** One codec (and its JSON mapper) for every message: it is thread-safe and costly to build. */
    private final MessageCodec codec = new MessageCodec();

    public RawPayloads(ProductScripts scripts, DeviceDirectory directory, UpstreamRouter router) {
        this.scripts = scripts;
        this.directory = directory;
        this.router = router;
    }

    public ProductScripts scripts() {
        return scripts;
    }

    /**
     * The outcome of a frame on {@code up_raw}: the reply of the converted request (null when it was not handled)
     * and the raw {@code up_raw_reply} made of it (null when there is nothing the device could decode).
     */
    public record Uplinked(DeviceReply reply, byte[] frame) {
        static final Uplinked NOTHING = new Uplinked(null, null);
    }

    /**
     * A binary frame on {@code up_raw}. Nothing is answered when the session may not speak for the device, the
     * product is not custom-format or has no script, or the script cannot read the frame.
     */
    public CompletableFuture<Uplinked> uplink(DeviceSession session, TopicRoute route, byte[] frame) {
        Optional<DeviceRef> target = UpstreamRouter.authorize(session, route);
        Optional<PayloadScript> script = target.flatMap(device -> scriptFor(device.productKey()));
        if (script.isEmpty()) {
            LOG.debug("Ignoring up_raw on {}: no custom-format product script the session may use", route.topic());
            return CompletableFuture.completedFuture(Uplinked.NOTHING);
        }
        DeviceRequest request;
        try {
            request = codec.decodeRequest(script.get().toProtocol(frame).getBytes(StandardCharsets.UTF_8));
        } catch (OpenEnosException | MessageFormatException e) {
            LOG.info("Parsing script of {} could not read a frame of {} bytes: {}", route.productKey(), frame.length,
                    e.getMessage());
            return CompletableFuture.completedFuture(Uplinked.NOTHING);
        }
        Optional<TopicRoute> converted = routeOf(request.method(), route.productKey(), route.deviceKey());
        if (converted.isEmpty()) {
            DeviceReply refused = DeviceReply.error(request.id(), ErrorCode.DEVICE_METHOD_TOPIC_MISMATCH.enosCode(),
                    "method " + request.method() + " cannot be sent on up_raw");
            return CompletableFuture.completedFuture(new Uplinked(refused, encode(script.get(), refused)));
        }
        return router.dispatch(session, converted.get(), request)
                .thenApply(reply -> new Uplinked(reply, encode(script.get(), reply.withId(request.id()))));
    }

    /** A binary answer on {@code down_raw_reply}: decoded and handed to the command it answers. */
    public boolean commandReply(DeviceSession session, TopicRoute route, byte[] frame) {
        Optional<PayloadScript> script = UpstreamRouter.authorize(session, route)
                .flatMap(device -> scriptFor(device.productKey()));
        if (script.isEmpty()) {
            return false;
        }
        try {
            DeviceReply reply = codec.decodeReply(script.get().toProtocol(frame).getBytes(StandardCharsets.UTF_8));
            return router.dispatchReply(session, route, reply);
        } catch (OpenEnosException | MessageFormatException e) {
            LOG.info("Parsing script of {} could not read a command reply: {}", route.productKey(), e.getMessage());
            return false;
        }
    }

    /** An encoded message on its way to a device: the topic and payload to publish. */
    public record Outgoing(String topic, byte[] payload) {
    }

    /**
     * A command for a device: unchanged for JSON products; for a custom-format product, encoded by its script and
     * sent on {@code down_raw}. 11810 when it cannot be encoded.
     */
    public Outgoing downlink(String productKey, String deviceKey, String topic, byte[] json) {
        boolean command = TopicCatalogue.parse(topic).map(TopicRoute::kind)
                .filter(kind -> kind == TopicKind.SERVICE_INVOKE || kind == TopicKind.MEASUREPOINT_SET
                        || kind == TopicKind.MEASUREPOINT_GET).isPresent();
        if (!command || !custom(productKey)) {
            return new Outgoing(topic, json);
        }
        try {
            byte[] raw = scripts.scriptOf(productKey).toRaw(new String(json, StandardCharsets.UTF_8));
            return new Outgoing(TopicKind.MODEL_DOWN_RAW.topic(productKey, deviceKey), raw);
        } catch (OpenEnosException e) {
            throw new OpenEnosException(ErrorCode.COMMAND_CANNOT_ENCODE,
                    "the command cannot be encoded for this custom-format product: " + e.getMessage());
        }
    }

    private Optional<PayloadScript> scriptFor(String productKey) {
        if (!custom(productKey)) {
            return Optional.empty();
        }
        try {
            return Optional.of(scripts.scriptOf(productKey));
        } catch (OpenEnosException e) {
            LOG.info("Custom-format product {}: {}", productKey, e.getMessage());
            return Optional.empty();
        }
    }

    private boolean custom(String productKey) {
        return directory.product(productKey).map(Product::dataFormat).orElse(null) == Product.DataFormat.Custom;
    }

    private byte[] encode(PayloadScript script, DeviceReply reply) {
        try {
            return script.toRaw(new String(codec.encode(reply), StandardCharsets.UTF_8));
        } catch (OpenEnosException e) {
            LOG.info("Parsing script could not encode the reply {}: {}", reply.code(), e.getMessage());
            return null;
        }
    }

    /** The device → cloud topic whose method the converted request names (events carry their id in it). */
    static Optional<TopicRoute> routeOf(String method, String productKey, String deviceKey) {
        if (method == null) {
            return Optional.empty();
        }
        for (MethodPattern candidate : METHODS) {
            Matcher m = candidate.pattern().matcher(method);
            if (m.matches()) {
                String id = m.groupCount() > 0 ? m.group(1) : null;
                return Optional.of(new TopicRoute(candidate.kind(), productKey, deviceKey, id, false));
            }
        }
        return Optional.empty();
    }

    /** The method of a topic kind as a pattern; an identifier in it (an event's) is a group. */
    private record MethodPattern(TopicKind kind, Pattern pattern) {
    }

    /** Built once: every device → cloud kind a converted message may take, in the catalogue's order. */
    private static final List<MethodPattern> METHODS = Arrays.stream(TopicKind.values())
            .filter(kind -> kind.direction() == TopicKind.Direction.UP && !kind.isIntegration()
                    && kind != TopicKind.MODEL_UP_RAW && kind.method(null) != null)
            .map(kind -> new MethodPattern(kind, Pattern.compile(Pattern.quote(kind.method("\u0000"))
                    .replace("\u0000", "\\E([^.]+)\\Q"))))
            .toList();
}
