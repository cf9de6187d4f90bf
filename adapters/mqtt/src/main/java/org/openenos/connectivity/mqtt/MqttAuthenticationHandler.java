package org.openenos.connectivity.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.openenos.connectivity.ClientCertificate;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.DeviceSession;
import org.openenos.connectivity.LoginAttempt;
import org.openenos.connectivity.LoginOutcome;
import org.openenos.connectivity.mqtt.MqttReasons.Refusal;
import org.openenos.model.Device;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline stage "authenticate": the first packet must be a CONNECT whose EnOS sign checks out (reference §1.2).
 * The login and the opening of the session run on the worker executor because the registry look-up and the status
 * write may block; reading pauses meanwhile, and the CONNACK goes out on the event loop once both are done. A bad
 * sign gets CONNACK 4 (MQTT 5: 0x86), any other refusal CONNACK 5 (0x87) [U: the reference does not say which];
 * a full worker queue 3 (0x89). The CONNECT's protocol level decides the version of the whole connection
 * (ADR 0042).
 */
final class MqttAuthenticationHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttAuthenticationHandler.class);

    private final Connectivity connectivity;
    private final Executor workers;
    private final MeterRegistry meters;
    private final MessageCodec codec;
    private final boolean tls;
    private final MqttGatewayConfig config;
    private boolean connecting;

    MqttAuthenticationHandler(Connectivity connectivity, Executor workers, MeterRegistry meters, MessageCodec codec,
                              boolean tls, MqttGatewayConfig config) {
        this.connectivity = connectivity;
        this.workers = workers;
        this.meters = meters;
        this.codec = codec;
        this.tls = tls;
        this.config = config;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().attr(ChannelAttributes.SESSION).get() != null) {
            if (msg instanceof MqttConnectMessage) {
                LOG.debug("Second CONNECT on {}; closing (MQTT 3.1.1 §3.1, MQTT 5 §3.1)", ctx.channel());
                MqttReasons.disconnect(ctx.channel(), MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "second CONNECT");
                return;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof MqttMessage message) || connecting || message.fixedHeader() == null
                || message.fixedHeader().messageType() != MqttMessageType.CONNECT) {
            // anything before a successful CONNECT is a protocol violation
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (message.decoderResult().isFailure()) {
            refuseUndecodable(ctx, message);
            return;
        }
        MqttConnectMessage connect = (MqttConnectMessage) message;
        boolean mqtt5 = connect.variableHeader().version() == MqttVersion.MQTT_5.protocolLevel();
        ctx.channel().attr(ChannelAttributes.MQTT5).set(mqtt5);
        MqttProperties properties = connect.variableHeader().properties();
        if (mqtt5 && properties.getProperty(MqttProperties.MqttPropertyType.AUTHENTICATION_METHOD.value()) != null) {
            // MQTT 5 §4.12: a server that does not support the method refuses with 0x8C
            refuse(ctx, Refusal.BAD_AUTHENTICATION_METHOD, "enhanced authentication is not supported; sign the "
                    + "CONNECT as EnOS devices do");
            return;
        }
        if (mqtt5 && properties.getProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value())
                instanceof MqttProperties.IntegerProperty max) {
            ctx.channel().attr(ChannelAttributes.CLIENT_MAX_PACKET).set(max.value());
        }
        boolean sessionExpiryRequested = mqtt5 && properties.getProperty(
                MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value()) instanceof MqttProperties.IntegerProperty
                expiry && expiry.value() != 0;
        connecting = true;
        ctx.channel().config().setAutoRead(false);
        byte[] password = connect.payload().passwordInBytes();
        ClientCertificate certificate = tls ? ClientCertificates.of(ctx.pipeline().get(SslHandler.class)) : null;
        // only a verified client certificate makes a login two-way authenticated (the WebSocket port has it optional)
        LoginAttempt attempt = new LoginAttempt(connect.payload().userName(), connect.payload().clientIdentifier(),
                password == null ? null : new String(password, StandardCharsets.UTF_8), certificate != null,
                certificate);
        int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
        CompletableFuture<Decision> login;
        try {
            login = CompletableFuture.supplyAsync(() -> decide(ctx, attempt, certificate), workers);
        } catch (RejectedExecutionException e) {
            meters.counter("openenos.mqtt.login", "result", "busy").increment();
            refuse(ctx, Refusal.SERVER_BUSY, "server busy, retry later");
            return;
        }
        login.whenComplete((decision, failure) -> ctx.executor().execute(() -> {
            if (failure != null) {
                LOG.warn("Login of {} failed", attempt, failure);
                refuse(ctx, Refusal.SERVER_UNAVAILABLE, "login failed on the server, retry later");
            } else {
                finish(ctx, attempt, decision, keepAlive, sessionExpiryRequested);
            }
        }));
    }

    /** The outcome of a login and, when accepted on a live connection, the session already opened. */
    private record Decision(LoginOutcome outcome, DeviceSession session) {
    }

    /**
     * Runs on a worker: the look-ups of the login and the status write of the session opening may block, and an
     * event loop serves many connections. Opening here, before the CONNACK, keeps "connected means online": the
     * status is written when the device learns it is in. Messages for the device sent meanwhile (pending commands)
     * wait in the link until the CONNACK is out.
     */
    private Decision decide(ChannelHandlerContext ctx, LoginAttempt attempt, ClientCertificate certificate) {
        LoginOutcome outcome = connectivity.login().login(attempt);
        if (!(outcome instanceof LoginOutcome.Accepted accepted) || !ctx.channel().isActive()) {
            return new Decision(outcome, null);
        }
        DeviceSession session = new DeviceSession(accepted.device(), accepted.gateway(),
                new MqttDeviceLink(ctx.channel(), tls, certificate == null ? null : certificate.serialNumber()));
        try {
            connectivity.sessions().open(session);
        } catch (RuntimeException e) {
            // the session is registered before its status is written: drop it, or commands would go to a refused link
            try {
                connectivity.sessions().close(session);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new Decision(outcome, session);
    }

    private void finish(ChannelHandlerContext ctx, LoginAttempt attempt, Decision decision, int keepAlive,
                        boolean sessionExpiryRequested) {
        switch (decision.outcome()) {
            case LoginOutcome.Refused refused -> {
                LOG.info("Login refused for {}: {} {}", attempt.username(), refused.reason().enosCode(), refused.message());
                meters.counter("openenos.mqtt.login", "result", "refused").increment();
                // a bad sign says nothing more: whether the device exists is not the caller's to learn
                if (refused.badCredentials()) {
                    refuse(ctx, Refusal.BAD_CREDENTIALS, "bad username or sign");
                } else {
                    refuse(ctx, Refusal.NOT_AUTHORIZED, refused.reason().enosCode() + " " + refused.message());
                }
            }
            case LoginOutcome.Accepted accepted -> {
                DeviceSession session = decision.session();
                if (session == null) {
                    return;
                }
                if (!ctx.channel().isActive()) {
                    // closed while the worker opened the session; channelInactive found no session to close
                    closeSession(session);
                    return;
                }
                ctx.channel().attr(ChannelAttributes.SESSION).set(session);
                if (keepAlive > 0) {
                    // MQTT 3.1.1 §3.1.2.10, MQTT 5 §3.1.2.10: close after one and a half keep-alive periods of silence
                    ctx.pipeline().replace(MqttPipeline.IDLE, MqttPipeline.IDLE,
                            new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
                }
                meters.counter("openenos.mqtt.login", "result", "accepted").increment();
                MqttConnAckMessage ack = MqttMessageBuilders.connAck()
                        .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(false)
                        .properties(MqttReasons.isMqtt5(ctx.channel()) ? accepted(sessionExpiryRequested)
                                : MqttProperties.NO_PROPERTIES)
                        .build();
                ctx.writeAndFlush(ack);
                ((MqttDeviceLink) session.link()).acknowledged();
                if (accepted.activatedDevice() != null) {
                    sendActivation(session, accepted.activatedDevice());
                }
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    /**
     * What an MQTT 5 client must know of this server (§3.2.2.3): no session state is kept (the session expiry is
     * answered with 0), QoS 2 is not offered, how many QoS 1 publishes may be in flight, how many topic aliases
     * may be used, and the largest packet read.
     */
    private MqttProperties accepted(boolean sessionExpiryRequested) {
        MqttProperties properties = new MqttProperties();
        if (sessionExpiryRequested) {
            properties.add(integer(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0));
        }
        properties.add(integer(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM,
                Math.min(65_535, config.maxPendingPerConnection())));
        properties.add(integer(MqttProperties.MqttPropertyType.MAXIMUM_QOS, 1));
        properties.add(integer(MqttProperties.MqttPropertyType.TOPIC_ALIAS_MAXIMUM, config.topicAliasMaximum()));
        properties.add(integer(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE, config.maxPacketBytes()));
        return properties;
    }

    private static MqttProperties.IntegerProperty integer(MqttProperties.MqttPropertyType type, int value) {
        return new MqttProperties.IntegerProperty(type.value(), value);
    }

    /** Reference §1.3: after a dynamic activation the device learns its secret from {@code thing.activate.info}. */
    private void sendActivation(DeviceSession session, Device device) {
        Map<String, Object> params = Map.of("assetId", device.assetId(), "productKey", device.productKey(),
                "deviceKey", device.deviceKey(), "deviceSecret", device.deviceSecret());
        session.link().send(TopicKind.ACTIVATE_INFO.topic(device.productKey(), device.deviceKey()),
                codec.encode(new DeviceRequest("1", "1.0", TopicKind.ACTIVATE_INFO.method(null), params)));
    }

    /**
     * A CONNECT the codec could not decode. Where the cause has a CONNACK code of the client's version it is sent
     * (MQTT 3.1.1 §3.1.2.2: an unsupported protocol level gets 0x01); otherwise the connection is just closed.
     */
    private void refuseUndecodable(ChannelHandlerContext ctx, MqttMessage message) {
        if (message.variableHeader() instanceof MqttConnectVariableHeader header) {
            ctx.channel().attr(ChannelAttributes.MQTT5).set(header.version() == MqttVersion.MQTT_5.protocolLevel());
        }
        Throwable cause = message.decoderResult().cause();
        LOG.debug("Undecodable CONNECT on {}: {}", ctx.channel(), cause.toString());
        switch (cause) {
            case MqttUnacceptableProtocolVersionException ignored -> {
                MqttMessage ack = MqttMessageBuilders.connAck()
                        .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION).build();
                ctx.writeAndFlush(ack).addListener(ChannelFutureListener.CLOSE);
            }
            case MqttIdentifierRejectedException ignored -> refuse(ctx, Refusal.CLIENT_ID_INVALID, "invalid client id");
            case TooLongFrameException ignored -> refuse(ctx, Refusal.PACKET_TOO_LARGE, "CONNECT too large");
            default -> ctx.close();
        }
    }

    private static void refuse(ChannelHandlerContext ctx, Refusal refusal, String reason) {
        boolean mqtt5 = MqttReasons.isMqtt5(ctx.channel());
        MqttConnectReturnCode code = refusal.code(mqtt5);
        if (code == null) {
            ctx.close();
            return;
        }
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (mqtt5) {
            properties = new MqttProperties();
            properties.add(new MqttProperties.StringProperty(
                    MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
        }
        MqttMessage ack = MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).properties(properties)
                .build();
        ctx.writeAndFlush(ack).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        DeviceSession session = ctx.channel().attr(ChannelAttributes.SESSION).getAndSet(null);
        if (session != null) {
            closeSession(session);
        }
        super.channelInactive(ctx);
    }

    /** Off the event loop (the offline status is written); a full worker queue must not leave the device online. */
    private void closeSession(DeviceSession session) {
        Runnable close = () -> connectivity.sessions().close(session);
        try {
            workers.execute(close);
        } catch (RejectedExecutionException e) {
            CompletableFuture.runAsync(close);
        }
    }
}
