package org.openenos.connectivity;

import java.util.concurrent.CompletableFuture;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.TopicRoute;

/**
 * One use case for one kind of device request. It may throw {@code OpenEnosException} or complete exceptionally;
 * the router turns that into the reply code. The future completes when the effect is durable.
 */
@FunctionalInterface
public interface UpstreamHandler {
    CompletableFuture<DeviceReply> handle(UpstreamContext context);

    /**
     * Whether {@link #handle} of this request returns without blocking (its future may complete later on another
     * thread), so that it may run on a thread that must never wait. False unless the handler knows.
     */
    default boolean handlesWithoutBlocking(DeviceRef target, TopicRoute route) {
        return false;
    }
}
