package org.openenos.connectivity.mqtt;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.command.CommandService;
import org.openenos.registry.DeviceDirectory;
import org.openenos.telemetry.TelemetryIngest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 device gateway (reference §1–3) on Netty. Use cases run on a bounded worker pool because the
 * registry may block; the event loops only move bytes.
 */
public final class MqttGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);

    private final MqttGatewayConfig config;
    private final Connectivity connectivity;
    private final boolean ownsConnectivity;
    private final MeterRegistry meters;
    private final ThreadPoolExecutor workers;
    private NettyTransport transport;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private Channel tlsChannel;
    private Channel webSocketChannel;
    private MqttTls tls;

    /** A gateway with its own connectivity context (device events are logged only). */
    public MqttGateway(MqttGatewayConfig config, DeviceDirectory directory, TelemetryIngest ingest, MeterRegistry meters) {
        this(config, new Connectivity(directory, ingest), true, meters);
    }

    /** A gateway sharing a connectivity context with other transports and the REST layer. */
    public MqttGateway(MqttGatewayConfig config, Connectivity connectivity, MeterRegistry meters) {
        this(config, connectivity, false, meters);
    }

    private MqttGateway(MqttGatewayConfig config, Connectivity connectivity, boolean owns, MeterRegistry meters) {
        this.config = config;
        this.connectivity = connectivity;
        this.ownsConnectivity = owns;
        this.meters = meters;
        this.workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.workerQueue()),
                Thread.ofPlatform().daemon().name("mqtt-worker-", 0).factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Adds the TLS listener with client certificates (reference §1.2, port 18883); call before {@link #start()}. */
    public synchronized MqttGateway withTls(MqttTls settings) {
        if (serverChannel != null) {
            throw new IllegalStateException("the gateway is already started");
        }
        this.tls = settings;
        return this;
    }

    public synchronized MqttGateway start() {
        if (serverChannel != null) {
            return this;
        }
        transport = NettyTransport.best();
        bossGroup = new MultiThreadIoEventLoopGroup(1, transport.ioHandlers());
        workerGroup = new MultiThreadIoEventLoopGroup(transport.ioHandlers());
        // one connection limit across both listeners: a device address gets the same budget on either port
        ConnectionLimitHandler limit = new ConnectionLimitHandler(config.maxConnectionsPerIp(),
                config.connectsPerIpPerSecond());
        serverChannel = bind(new MqttPipeline(config, connectivity, workers, meters, limit, null), config.plainPort());
        if (tls != null) {
            tlsChannel = bind(new MqttPipeline(config, connectivity, workers, meters, limit, tls.sslContext()),
                    tls.port());
            LOG.info("MQTT device gateway listening for TLS with client certificates on {}:{}", config.host(),
                    tlsPort());
            if (tls.webSocketPort() >= 0) {
                webSocketChannel = bind(new MqttPipeline(config, connectivity, workers, meters, limit,
                        tls.webSocketSslContext(), true), tls.webSocketPort());
                LOG.info("MQTT over secure WebSocket on wss://{}:{}{}", config.host(), webSocketPort(),
                        MqttPipeline.WEBSOCKET_PATH);
            }
        }
        Gauge.builder("openenos.mqtt.sessions", connectivity.sessions(), s -> s.size()).register(meters);
        LOG.info("MQTT device gateway listening on {}:{} ({} transport)", config.host(), port(), transport);
        return this;
    }

    private Channel bind(MqttPipeline pipeline, int port) {
        return new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(pipeline)
                .bind(config.host(), port)
                .syncUninterruptibly()
                .channel();
    }

    /** The bound port; with port 0 in the config, the one the system picked. */
    public int port() {
        return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The bound secure WebSocket port, or -1 without that listener. */
    public int webSocketPort() {
        return webSocketChannel == null ? -1 : ((InetSocketAddress) webSocketChannel.localAddress()).getPort();
    }

    /** The bound TLS port, or -1 without a TLS listener. */
    public int tlsPort() {
        return tlsChannel == null ? -1 : ((InetSocketAddress) tlsChannel.localAddress()).getPort();
    }

    public Connectivity connectivity() {
        return connectivity;
    }

    public CommandService commands() {
        return connectivity.commands();
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (tlsChannel != null) {
            tlsChannel.close().syncUninterruptibly();
            tlsChannel = null;
        }
        if (webSocketChannel != null) {
            webSocketChannel.close().syncUninterruptibly();
            webSocketChannel = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        workers.shutdown();
        if (ownsConnectivity) {
            connectivity.close();
        }
    }
}
