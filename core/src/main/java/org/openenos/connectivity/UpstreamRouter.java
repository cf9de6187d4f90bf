package org.openenos.connectivity;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.ResponseCodes;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorizes a device request and hands it to the use case registered for its topic kind (a table, not a chain of
 * topic comparisons). A device may only publish on its own topics or those of sub-devices it has logged in.
 */
public final class UpstreamRouter {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRouter.class);

    private final Map<TopicKind, UpstreamHandler> handlers;
    private final CommandReplyListener commandReplies;

    public UpstreamRouter(Map<TopicKind, UpstreamHandler> handlers, CommandReplyListener commandReplies) {
        this.handlers = new EnumMap<>(handlers);
        this.commandReplies = commandReplies;
    }

    /** The device that the session may act for on this topic, or the error code that refuses it. */
    public static Optional<DeviceRef> authorize(DeviceSession session, TopicRoute route) {
        boolean channel = LoginService.INTEGRATION_CHANNEL.equals(session.device().deviceKey());
        if (channel || route.kind().isIntegration()) {
            // a secure-mode 4 channel speaks only on its product's integration topics, and only it may
            return channel && route.kind().isIntegration() && session.device().productKey().equals(route.productKey())
                    ? Optional.of(session.device()) : Optional.empty();
        }
        return session.speaksFor(route.productKey(), route.deviceKey());
    }

    /**
     * Whether {@link #dispatch} of a request on this route returns without blocking right now (it completes later,
     * on another thread): a transport may then run it on its network thread instead of handing it to a worker.
     */
    public boolean dispatchesWithoutBlocking(DeviceSession session, TopicRoute route) {
        UpstreamHandler handler = route.reply() ? null : handlers.get(route.kind());
        if (handler == null) {
            return false;
        }
        Optional<DeviceRef> target = authorize(session, route);
        return target.isPresent() && handler.handlesWithoutBlocking(target.get(), route);
    }

    public CompletableFuture<DeviceReply> dispatch(DeviceSession session, TopicRoute route, DeviceRequest request) {
        Optional<DeviceRef> target = authorize(session, route);
        if (target.isEmpty()) {
            ErrorCode code = session.gateway() ? ErrorCode.DEVICE_SUB_DEVICE_NOT_PERMITTED
                    : ErrorCode.DEVICE_TOPIC_NOT_WRITABLE;
            return reply(request, code, "not allowed to publish on " + route.topic());
        }
        UpstreamHandler handler = route.reply() ? null : handlers.get(route.kind());
        if (handler == null) {
            return reply(request, ErrorCode.DEVICE_TOPIC_NOT_WRITABLE, "topic is not writable: " + route.topic());
        }
        if (!route.expectedMethod().equals(request.method())) {
            return reply(request, ErrorCode.DEVICE_METHOD_TOPIC_MISMATCH,
                    "method " + request.method() + " does not match topic " + route.topic());
        }
        UpstreamContext context = new UpstreamContext(session, route, request, target.get());
        CompletableFuture<DeviceReply> result;
        try {
            result = handler.handle(context);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(failure -> toReply(request, failure));
    }

    /** A device's answer to a command: only accepted for a device the session speaks for. */
    public boolean dispatchReply(DeviceSession session, TopicRoute route, DeviceReply reply) {
        Optional<DeviceRef> target = authorize(session, route);
        if (target.isEmpty() || route.kind().direction() != TopicKind.Direction.DOWN) {
            LOG.debug("Ignoring reply on {} from {}", route.topic(), session.device().key());
            return false;
        }
        commandReplies.onReply(target.get(), route, reply);
        return true;
    }

    private static CompletableFuture<DeviceReply> reply(DeviceRequest request, ErrorCode code, String message) {
        return CompletableFuture.completedFuture(DeviceReply.error(request.id(), code.enosCode(), message));
    }

    static DeviceReply toReply(DeviceRequest request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof OpenEnosException e) {
            return DeviceReply.error(request.id(), deviceCode(e.code()), e.getMessage());
        }
        LOG.warn("Request {} failed", request.method(), cause);
        return DeviceReply.error(request.id(), ResponseCodes.SERVER_ERROR, "internal error, retry later");
    }

    /** REST-side device codes (117xx) map to the device protocol's 7xx; platform-wide codes become a server error. */
    static int deviceCode(ErrorCode code) {
        int enos = code.enosCode();
        if (enos < 10_000) {
            return enos;
        }
        if (enos >= 11_000 && enos < 12_000) {
            return enos - 11_000;
        }
        return ResponseCodes.SERVER_ERROR;
    }
}
