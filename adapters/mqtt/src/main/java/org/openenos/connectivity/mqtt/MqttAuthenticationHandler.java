package org.openenos.connectivity.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openenos.connectivity.ClientCertificate;
import org.openenos.connectivity.Connectivity;
import org.openenos.connectivity.DeviceSession;
import org.openenos.connectivity.LoginAttempt;
import org.openenos.connectivity.LoginOutcome;
import org.openenos.model.Device;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline stage "authenticate": the first packet must be a CONNECT whose EnOS sign checks out (reference §1.2).
 * The login runs on the worker executor because the registry look-up may block; reading pauses meanwhile. A bad
 * sign gets CONNACK 4, any other refusal CONNACK 5 [U: the reference does not say which].
 */
final class MqttAuthenticationHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttAuthenticationHandler.class);

    private final Connectivity connectivity;
    private final Executor workers;
    private final MeterRegistry meters;
    private final MessageCodec codec;
    private final boolean tls;
    private boolean connecting;

    MqttAuthenticationHandler(Connectivity connectivity, Executor workers, MeterRegistry meters, MessageCodec codec,
                              boolean tls) {
        this.connectivity = connectivity;
        this.workers = workers;
        this.meters = meters;
        this.codec = codec;
        this.tls = tls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ctx.channel().hasAttr(ChannelAttributes.SESSION) && ctx.channel().attr(ChannelAttributes.SESSION).get() != null) {
            if (msg instanceof MqttConnectMessage) {
                LOG.debug("Second CONNECT on {}; closing (MQTT 3.1.1 §3.1)", ctx.channel());
                ctx.close();
                return;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof MqttConnectMessage connect) || connecting) {
            // anything before a successful CONNECT is a protocol violation
            io.netty.util.ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (connect.decoderResult().isFailure()) {
            ctx.close();
            return;
        }
        connecting = true;
        ctx.channel().config().setAutoRead(false);
        byte[] password = connect.payload().passwordInBytes();
        ClientCertificate certificate = tls ? ClientCertificates.of(ctx.pipeline().get(SslHandler.class)) : null;
        // only a verified client certificate makes a login two-way authenticated (the WebSocket port has it optional)
        LoginAttempt attempt = new LoginAttempt(connect.payload().userName(), connect.payload().clientIdentifier(),
                password == null ? null : new String(password, StandardCharsets.UTF_8), certificate != null,
                certificate);
        int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
        CompletableFuture.supplyAsync(() -> connectivity.login().login(attempt), workers)
                .whenComplete((outcome, failure) -> ctx.executor().execute(() -> {
                    if (failure != null) {
                        LOG.warn("Login of {} failed", attempt, failure);
                        refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
                    } else {
                        finish(ctx, attempt, outcome, keepAlive);
                    }
                }));
    }

    private void finish(ChannelHandlerContext ctx, LoginAttempt attempt, LoginOutcome outcome, int keepAlive) {
        switch (outcome) {
            case LoginOutcome.Refused refused -> {
                LOG.info("Login refused for {}: {} {}", attempt.username(), refused.reason().enosCode(), refused.message());
                meters.counter("openenos.mqtt.login", "result", "refused").increment();
                refuse(ctx, refused.badCredentials() ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD
                        : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            }
            case LoginOutcome.Accepted accepted -> {
                if (!ctx.channel().isActive()) {
                    return;
                }
                DeviceSession session = new DeviceSession(accepted.device(), accepted.gateway(),
                        new MqttDeviceLink(ctx.channel(), tls));
                ctx.channel().attr(ChannelAttributes.SESSION).set(session);
                if (keepAlive > 0) {
                    // MQTT 3.1.1 §3.1.2.10: close after one and a half keep-alive periods of silence
                    ctx.pipeline().replace(MqttPipeline.IDLE, MqttPipeline.IDLE,
                            new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
                }
                connectivity.sessions().open(session);
                meters.counter("openenos.mqtt.login", "result", "accepted").increment();
                MqttConnAckMessage ack = MqttMessageBuilders.connAck()
                        .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(false).build();
                ctx.writeAndFlush(ack);
                if (accepted.activatedDevice() != null) {
                    sendActivation(session, accepted.activatedDevice());
                }
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    /** Reference §1.3: after a dynamic activation the device learns its secret from {@code thing.activate.info}. */
    private void sendActivation(DeviceSession session, Device device) {
        Map<String, Object> params = Map.of("assetId", device.assetId(), "productKey", device.productKey(),
                "deviceKey", device.deviceKey(), "deviceSecret", device.deviceSecret());
        session.link().send(TopicKind.ACTIVATE_INFO.topic(device.productKey(), device.deviceKey()),
                codec.encode(new DeviceRequest("1", "1.0", TopicKind.ACTIVATE_INFO.method(null), params)));
    }

    private static void refuse(ChannelHandlerContext ctx, MqttConnectReturnCode code) {
        MqttMessage ack = MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build();
        ctx.writeAndFlush(ack).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        DeviceSession session = ctx.channel().attr(ChannelAttributes.SESSION).getAndSet(null);
        if (session != null) {
            workers.execute(() -> connectivity.sessions().close(session));
        }
        super.channelInactive(ctx);
    }
}
