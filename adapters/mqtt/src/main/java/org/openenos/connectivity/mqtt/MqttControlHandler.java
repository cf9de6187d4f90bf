package org.openenos.connectivity.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Pipeline stage "control": the MQTT housekeeping packets. SUBSCRIBE is granted (at most QoS 1) but changes
 * nothing: replies and commands are pushed to the device whatever it subscribed to (reference §2).
 */
final class MqttControlHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage message) || message.fixedHeader() == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        switch (type) {
            case PUBLISH -> ctx.fireChannelRead(msg);
            case PINGREQ -> ctx.writeAndFlush(new MqttMessage(
                    new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
            case SUBSCRIBE -> {
                MqttSubscribeMessage subscribe = (MqttSubscribeMessage) message;
                var ack = MqttMessageBuilders.subAck().packetId(subscribe.variableHeader().messageId());
                for (MqttTopicSubscription subscription : subscribe.payload().topicSubscriptions()) {
                    ack.addGrantedQos(subscription.qualityOfService() == MqttQoS.AT_MOST_ONCE
                            ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE);
                }
                ctx.writeAndFlush(ack.build());
            }
            case UNSUBSCRIBE -> ctx.writeAndFlush(MqttMessageBuilders.unsubAck()
                    .packetId(((MqttUnsubscribeMessage) message).variableHeader().messageId()).build());
            case DISCONNECT -> ctx.close();
            default -> ReferenceCountUtil.release(msg); // PUBACK for our QoS 0 pushes never comes; others are ignored
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // no CONNECT in time, or silent beyond the keep-alive
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
