package org.openenos.connectivity.mqtt;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline stage "connect-deadline": a connection must have its CONNECT accepted within a fixed time from accept,
 * TLS handshake and WebSocket upgrade included. An idle timeout alone is not enough: a client that trickles a byte
 * now and then (slow loris) or never finishes its handshake would hold the socket and its buffers for ever.
 */
final class ConnectDeadlineHandler extends ChannelInboundHandlerAdapter {
    private final long timeoutMillis;
    private final Counter expired;
    private ScheduledFuture<?> deadline;

    ConnectDeadlineHandler(long timeoutMillis, Counter expired) {
        this.timeoutMillis = timeoutMillis;
        this.expired = expired;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            schedule(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        schedule(ctx);
        super.channelActive(ctx);
    }

    private void schedule(ChannelHandlerContext ctx) {
        if (deadline != null) {
            return;
        }
        deadline = ctx.executor().schedule(() -> {
            if (ctx.channel().attr(ChannelAttributes.SESSION).get() == null && ctx.channel().isOpen()) {
                expired.increment();
                ctx.close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
