package org.openenos.connectivity;

import java.util.concurrent.CompletableFuture;
import org.openenos.protocol.DeviceReply;

/**
 * One use case for one kind of device request. It may throw {@code OpenEnosException} or complete exceptionally;
 * the router turns that into the reply code. The future completes when the effect is durable.
 */
@FunctionalInterface
public interface UpstreamHandler {
    CompletableFuture<DeviceReply> handle(UpstreamContext context);
}
