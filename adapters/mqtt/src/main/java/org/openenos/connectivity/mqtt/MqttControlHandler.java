package org.openenos.connectivity.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.openenos.connectivity.DeviceSession;

/**
 * Pipeline stage "control": the MQTT housekeeping packets. SUBSCRIBE is granted (at most QoS 1) for the device's
 * own topics and those of its logged-in sub-devices and refused for any other filter
 * ({@link SubscriptionAuthorization}); it changes nothing: replies and commands are pushed to the device whatever
 * it subscribed to (reference §2). A packet the codec could not decode ends the connection (MQTT 5: DISCONNECT 0x95
 * when too large, 0x81 when malformed).
 */
final class MqttControlHandler extends ChannelInboundHandlerAdapter {
    private static final int NOT_AUTHORIZED = 0x87;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage message)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (message.decoderResult().isFailure() || message.fixedHeader() == null) {
            ReferenceCountUtil.release(msg);
            // the decoder discards everything after a bad packet, so the connection cannot go on
            boolean tooLarge = message.decoderResult().cause() instanceof TooLongFrameException;
            MqttReasons.disconnect(ctx.channel(), tooLarge ? MqttReasonCodes.Disconnect.PACKET_TOO_LARGE
                    : MqttReasonCodes.Disconnect.MALFORMED_PACKET, tooLarge ? "packet too large" : "malformed packet");
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        switch (type) {
            case PUBLISH -> ctx.fireChannelRead(msg);
            case PINGREQ -> ctx.writeAndFlush(new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            case SUBSCRIBE -> {
                MqttSubscribeMessage subscribe = (MqttSubscribeMessage) message;
                DeviceSession session = ctx.channel().attr(ChannelAttributes.SESSION).get();
                boolean mqtt5 = MqttReasons.isMqtt5(ctx.channel());
                List<Integer> codes = new ArrayList<>();
                for (MqttTopicSubscription subscription : subscribe.payload().topicSubscriptions()) {
                    if (!SubscriptionAuthorization.allowed(session, subscription.topicFilter())) {
                        // MQTT 3.1.1 §3.9.3: 0x80 failure; MQTT 5 §3.9.3: 0x87 not authorized
                        codes.add(mqtt5 ? NOT_AUTHORIZED : MqttQoS.FAILURE.value());
                    } else {
                        // granted QoS 0 and 1 are also the MQTT 5 reason codes 0x00 and 0x01
                        codes.add(subscription.qualityOfService() == MqttQoS.AT_MOST_ONCE ? 0 : 1);
                    }
                }
                ctx.writeAndFlush(new MqttSubAckMessage(
                        new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                        new MqttMessageIdAndPropertiesVariableHeader(subscribe.variableHeader().messageId(),
                                MqttProperties.NO_PROPERTIES),
                        new MqttSubAckPayload(codes)));
            }
            case UNSUBSCRIBE -> {
                MqttUnsubscribeMessage unsubscribe = (MqttUnsubscribeMessage) message;
                var ack = MqttMessageBuilders.unsubAck().packetId(unsubscribe.variableHeader().messageId());
                if (MqttReasons.isMqtt5(ctx.channel())) {
                    // MQTT 5 §3.11.3: one reason code per topic filter; 3.1.1 has no payload
                    for (int i = 0; i < unsubscribe.payload().topics().size(); i++) {
                        ack.addReasonCode(MqttReasonCodes.UnsubAck.SUCCESS.byteValue());
                    }
                }
                ctx.writeAndFlush(ack.build());
            }
            case DISCONNECT -> ctx.close();
            default -> ReferenceCountUtil.release(msg); // PUBACK for our QoS 0 pushes never comes; others are ignored
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // no CONNECT in time (just closed), or silent beyond the keep-alive (MQTT 5: DISCONNECT 0x8D)
            if (ctx.channel().attr(ChannelAttributes.SESSION).get() != null) {
                MqttReasons.disconnect(ctx.channel(), MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT,
                        "nothing received within 1.5 times the keep-alive");
            } else {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
