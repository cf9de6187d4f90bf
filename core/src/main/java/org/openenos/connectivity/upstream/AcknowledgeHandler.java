package org.openenos.connectivity.upstream;

import java.util.concurrent.CompletableFuture;
import org.openenos.connectivity.UpstreamContext;
import org.openenos.connectivity.UpstreamHandler;
import org.openenos.protocol.DeviceReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the platform records but does not process yet — device logs, network status, connection state, OTA
 * version and progress — acknowledged with a fixed reply so that SDKs waiting for it do not time out.
 */
public final class AcknowledgeHandler implements UpstreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgeHandler.class);
    private final Object replyData;

    public AcknowledgeHandler(Object replyData) {
        this.replyData = replyData;
    }

    @Override
    public CompletableFuture<DeviceReply> handle(UpstreamContext context) {
        LOG.debug("{} from {}", context.request().method(), context.target().key());
        return CompletableFuture.completedFuture(context.ok(replyData));
    }
}
