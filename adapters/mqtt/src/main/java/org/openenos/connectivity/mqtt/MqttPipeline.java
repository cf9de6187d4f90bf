package org.openenos.connectivity.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openenos.connectivity.Connectivity;
import org.openenos.protocol.MessageCodec;

/**
 * The named stages of every device connection: limit → connect deadline → (tls) → mqtt codec → compression → idle →
 * authenticate → control → decode → authorize → route (→ use case in core).
 */
final class MqttPipeline extends ChannelInitializer<SocketChannel> {
    static final String LIMIT = "limit";
    static final String CONNECT_DEADLINE = "connect-deadline";
    static final String TLS = "tls";
    static final String WEBSOCKET_PATH = "/mqtt";
    static final String MQTT_DECODER = "mqtt-decoder";
    static final String MQTT_ENCODER = "mqtt-encoder";
    static final String COMPRESSION = "compression";
    static final String IDLE = "idle";
    static final String AUTHENTICATE = "authenticate";
    static final String CONTROL = "control";
    static final String DECODE = "decode";
    static final String AUTHORIZE = "authorize";
    static final String ROUTE = "route";

    private final MqttGatewayConfig config;
    private final Connectivity connectivity;
    private final Executor workers;
    private final MeterRegistry meters;
    private final ConnectionLimitHandler limit;
    private final MessageCodec codec = new MessageCodec();
    private final SslContext ssl;
    private final boolean webSocket;
    private final Counter connectDeadlineExpired;

    MqttPipeline(MqttGatewayConfig config, Connectivity connectivity, Executor workers, MeterRegistry meters,
                 ConnectionLimitHandler limit, SslContext ssl) {
        this(config, connectivity, workers, meters, limit, ssl, false);
    }

    MqttPipeline(MqttGatewayConfig config, Connectivity connectivity, Executor workers, MeterRegistry meters,
                 ConnectionLimitHandler limit, SslContext ssl, boolean webSocket) {
        this.webSocket = webSocket;
        this.config = config;
        this.connectivity = connectivity;
        this.workers = workers;
        this.meters = meters;
        this.limit = limit;
        this.ssl = ssl;
        this.connectDeadlineExpired = meters.counter("openenos.mqtt.connect.deadline.expired");
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline().addLast(LIMIT, limit);
        channel.pipeline().addLast(CONNECT_DEADLINE, new ConnectDeadlineHandler(
                TimeUnit.SECONDS.toMillis(config.connectTimeoutSeconds()),
                connectDeadlineExpired));
        if (ssl != null) {
            // the handshake must also finish within the CONNECT timeout, or the idle stage closes the connection
            channel.pipeline().addLast(TLS, ssl.newHandler(channel.alloc()));
        }
        if (webSocket) {
            int maxFrame = config.maxPacketBytes();
            channel.pipeline()
                    .addLast("http-codec", new HttpServerCodec())
                    .addLast("http-aggregator", new HttpObjectAggregator(64 * 1024))
                    .addLast("websocket", new WebSocketServerProtocolHandler(WEBSOCKET_PATH,
                            "mqtt,mqttv3.1,mqttv3.1.1", true, maxFrame))
                    .addLast("websocket-frames", new WebSocketFrames());
        }
        channel.pipeline()
                .addLast(MQTT_DECODER, new MqttDecoder(config.maxPacketBytes()))
                .addLast(MQTT_ENCODER, MqttEncoder.INSTANCE)
                .addLast(COMPRESSION, new PayloadCompressionHandler())
                .addLast(IDLE, new IdleStateHandler(config.connectTimeoutSeconds(), 0, 0, TimeUnit.SECONDS))
                .addLast(AUTHENTICATE, new MqttAuthenticationHandler(connectivity, workers, meters, codec, ssl != null,
                        config))
                .addLast(CONTROL, new MqttControlHandler())
                .addLast(DECODE, new MqttPublishDecoder(codec, config.maxPayloadBytes(), config.topicAliasMaximum()))
                .addLast(AUTHORIZE, new MqttAuthorizationHandler())
                .addLast(ROUTE, new MqttRequestHandler(connectivity, workers, codec, meters,
                        config.maxPendingPerConnection(), config.messagesPerDevicePerSecond()));
    }
}
