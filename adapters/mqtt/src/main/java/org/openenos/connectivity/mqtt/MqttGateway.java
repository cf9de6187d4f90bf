package org.openenos.connectivity.mqtt;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
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
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

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

    public synchronized MqttGateway start() {
        if (serverChannel != null) {
            return this;
        }
        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        serverChannel = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new MqttPipeline(config, connectivity, workers, meters))
                .bind(config.host(), config.plainPort())
                .syncUninterruptibly()
                .channel();
        Gauge.builder("openenos.mqtt.sessions", connectivity.sessions(), s -> s.size()).register(meters);
        LOG.info("MQTT device gateway listening on {}:{}", config.host(), port());
        return this;
    }

    /** The bound port; with port 0 in the config, the one the system picked. */
    public int port() {
        return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
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
