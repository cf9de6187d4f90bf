package org.openenos.connectivity.mqtt;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes connections beyond {@code maxConnectionsPerIp} from one address, before any decoding is spent on them. */
@ChannelHandler.Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitHandler.class);
    private final int maxPerIp;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    ConnectionLimitHandler(int maxPerIp) {
        this.maxPerIp = maxPerIp;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String ip = ip(ctx);
        int count = counts.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
        if (count > maxPerIp) {
            LOG.warn("Refusing connection {} from {}: limit of {} reached", count, ip, maxPerIp);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        counts.computeIfPresent(ip(ctx), (k, c) -> c.decrementAndGet() <= 0 ? null : c);
        super.channelInactive(ctx);
    }

    private static String ip(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
    }
}
