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

/**
 * Closes connections beyond {@code maxConnectionsPerIp} open from one address, and beyond {@code connectsPerSecond}
 * new ones from one address within a second, before any decoding or login work is spent on them.
 */
@ChannelHandler.Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitHandler.class);
    private static final io.netty.util.AttributeKey<Boolean> REFUSED_BY_RATE =
            io.netty.util.AttributeKey.valueOf("openenos.refusedByRate");
    private final int maxPerIp;
    private final int connectsPerSecond;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    /** Per address: {start of the current one-second window in nanos, connections in it}. */
    private final Map<String, long[]> rates = new ConcurrentHashMap<>();

    ConnectionLimitHandler(int maxPerIp) {
        this(maxPerIp, Integer.MAX_VALUE);
    }

    ConnectionLimitHandler(int maxPerIp, int connectsPerSecond) {
        this.maxPerIp = maxPerIp;
        this.connectsPerSecond = connectsPerSecond;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String ip = ip(ctx);
        if (!withinRate(ip)) {
            LOG.debug("Refusing connection from {}: more than {} per second", ip, connectsPerSecond);
            ctx.channel().attr(REFUSED_BY_RATE).set(Boolean.TRUE);
            ctx.close();
            return;
        }
        int count = counts.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
        if (count > maxPerIp) {
            LOG.warn("Refusing connection {} from {}: limit of {} reached", count, ip, maxPerIp);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    private boolean withinRate(String ip) {
        long now = System.nanoTime();
        if (rates.size() > 10_000) {
            rates.values().removeIf(w -> now - w[0] > 1_000_000_000L);
        }
        long[] window = rates.compute(ip, (k, w) -> {
            if (w == null || now - w[0] > 1_000_000_000L) {
                return new long[]{now, 1};
            }
            w[1]++;
            return w;
        });
        return window[1] <= connectsPerSecond;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (Boolean.TRUE.equals(ctx.channel().attr(REFUSED_BY_RATE).get())) {
            return; // never counted as open
        }
        counts.computeIfPresent(ip(ctx), (k, c) -> c.decrementAndGet() <= 0 ? null : c);
        super.channelInactive(ctx);
    }

    private static String ip(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
    }
}
