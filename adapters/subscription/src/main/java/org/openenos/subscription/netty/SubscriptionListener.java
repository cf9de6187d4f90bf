package org.openenos.subscription.netty;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openenos.subscription.SubscriptionEngine;
import org.openenos.subscription.SubscriptionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EnOS data subscription endpoint: one port (EnOS: 9001) serving the WebSocket transport of the Python SDK and
 * the varint-framed raw TCP of the .NET SDK. Pulls wait on virtual threads, so an idle consumer costs a parked
 * virtual thread and its channel, not a platform thread.
 */
public final class SubscriptionListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionListener.class);
    private static final int MAX_FRAME = 1 << 20;
    /* The SDKs pull continuously and the Python one pings every 10 s: a silent connection is a dead one. */
    private static final int READER_IDLE_SECONDS = 60;

    private final String host;
    private final int port;
    private final SubscriptionService service;
    private final SubscriptionEngine engine;
    private final ListenerMetrics metrics;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("subscription-session-", 0).factory());
    private EventLoopGroup group;
    private Channel channel;

    public SubscriptionListener(String host, int port, SubscriptionService service, SubscriptionEngine engine,
                                MeterRegistry meters) {
        this.host = host;
        this.port = port;
        this.service = service;
        this.engine = engine;
        this.metrics = new ListenerMetrics(meters);
    }

    public SubscriptionListener start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("idle", new IdleStateHandler(READER_IDLE_SECONDS, 0, 0,
                                TimeUnit.SECONDS) {
                            @Override
                            protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx,
                                                       io.netty.handler.timeout.IdleStateEvent evt) {
                                ctx.close();
                            }
                        });
                        ch.pipeline().addLast("sniffer", new ProtocolSniffer(MAX_FRAME,
                                () -> new SessionHandler(service, engine, workers, metrics),
                                () -> new JsonStreamHandler(service, engine, workers, metrics)));
                    }
                })
                .bind(host, port).syncUninterruptibly().channel();
        LOG.info("Data subscription listener on {}:{} (WebSocket and raw TCP)", host, port());
        return this;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public int connections() {
        return metrics.connections();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        workers.shutdownNow();
    }
}
