package org.openenos.connectivity.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.List;
import java.util.Optional;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.MessageFormatException;
import org.openenos.protocol.ResponseCodes;
import org.openenos.protocol.TopicCatalogue;
import org.openenos.protocol.TopicRoute;

/**
 * Pipeline stage "decode": turns a PUBLISH into an {@link MqttInbound}: topic through the routing table, size limit
 * (1008), JSON (1220). QoS 2 closes the connection, as the EnOS SDKs never use it (reference §2).
 */
final class MqttPublishDecoder extends MessageToMessageDecoder<MqttPublishMessage> {
    private final MessageCodec codec;
    private final int maxPayloadBytes;

    MqttPublishDecoder(MessageCodec codec, int maxPayloadBytes) {
        super(MqttPublishMessage.class);
        this.codec = codec;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, MqttPublishMessage publish, List<Object> out) {
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (qos == MqttQoS.EXACTLY_ONCE || qos == MqttQoS.FAILURE) {
            ctx.close();
            return;
        }
        int packetId = publish.variableHeader().packetId();
        boolean needsAck = qos == MqttQoS.AT_LEAST_ONCE;
        String topic = publish.variableHeader().topicName();
        Optional<TopicRoute> parsed = TopicCatalogue.parse(topic);
        if (parsed.isEmpty()) {
            out.add(new MqttInbound.Rejected(null, null, packetId, needsAck));
            return;
        }
        TopicRoute route = parsed.get();
        String replyTopic = route.reply() ? null : route.replyTopic();
        if (publish.payload().readableBytes() > maxPayloadBytes) {
            out.add(new MqttInbound.Rejected(replyTopic, DeviceReply.error(null, ResponseCodes.MESSAGE_TOO_LARGE,
                    "payload exceeds " + maxPayloadBytes + " bytes"), packetId, needsAck));
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(publish.payload());
        try {
            out.add(route.reply()
                    ? new MqttInbound.CommandReply(route, codec.decodeReply(payload), packetId, needsAck)
                    : new MqttInbound.Request(route, codec.decodeRequest(payload), packetId, needsAck));
        } catch (MessageFormatException e) {
            out.add(new MqttInbound.Rejected(replyTopic, DeviceReply.error(null, e.code(), e.getMessage()),
                    packetId, needsAck));
        }
    }
}
