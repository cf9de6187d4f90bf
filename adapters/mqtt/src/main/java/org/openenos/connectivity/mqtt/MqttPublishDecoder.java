package org.openenos.connectivity.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.MessageFormatException;
import org.openenos.protocol.ResponseCodes;
import org.openenos.protocol.TopicCatalogue;
import org.openenos.protocol.TopicKind;
import org.openenos.protocol.TopicRoute;

/**
 * Pipeline stage "decode": turns a PUBLISH into an {@link MqttInbound}: topic alias (MQTT 5), topic through the
 * routing table, size limit (1008), JSON (1220). QoS 2 closes the connection, as the EnOS SDKs never use it
 * (reference §2); an MQTT 5 client, told Maximum QoS 1 in the CONNACK, hears DISCONNECT 0x9B.
 */
final class MqttPublishDecoder extends MessageToMessageDecoder<MqttPublishMessage> {
    private final MessageCodec codec;
    private final int maxPayloadBytes;
    private final int topicAliasMaximum;
    /** MQTT 5 §3.3.2.3.4: aliases live as long as the connection, set by a PUBLISH with both topic and alias. */
    private final Map<Integer, String> topicAliases = new HashMap<>();
    /**
     * The last topic and its route: a device posts on the same topic again and again, and parsing it each time
     * (split, substrings, a table walk) was a seventh of the event loop's CPU per message.
     */
    private String lastTopic;
    private TopicRoute lastRoute;

    MqttPublishDecoder(MessageCodec codec, int maxPayloadBytes, int topicAliasMaximum) {
        super(MqttPublishMessage.class);
        this.codec = codec;
        this.maxPayloadBytes = maxPayloadBytes;
        this.topicAliasMaximum = topicAliasMaximum;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, MqttPublishMessage publish, List<Object> out) {
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (qos == MqttQoS.EXACTLY_ONCE || qos == MqttQoS.FAILURE) {
            MqttReasons.disconnect(ctx.channel(), MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED, "QoS 2 is not supported");
            return;
        }
        String topic = topic(ctx, publish);
        if (topic == null) {
            return;
        }
        int packetId = publish.variableHeader().packetId();
        boolean needsAck = qos == MqttQoS.AT_LEAST_ONCE;
        TopicRoute route = route(topic);
        if (route == null) {
            out.add(new MqttInbound.Rejected(null, null, packetId, needsAck));
            return;
        }
        if (publish.payload().readableBytes() > maxPayloadBytes) {
            out.add(new MqttInbound.Rejected(replyTopic(route), DeviceReply.error(null, ResponseCodes.MESSAGE_TOO_LARGE,
                    "payload exceeds " + maxPayloadBytes + " bytes"), packetId, needsAck));
            return;
        }
        byte[] payload = ByteBufUtil.getBytes(publish.payload());
        // raw topics carry binary frames with no id or method (reference §2 "Raw topics")
        if (route.kind() == TopicKind.MODEL_UP_RAW && !route.reply()) {
            out.add(new MqttInbound.RawRequest(route, payload, packetId, needsAck));
            return;
        }
        if (route.kind() == TopicKind.MODEL_DOWN_RAW && route.reply()) {
            out.add(new MqttInbound.RawCommandReply(route, payload, packetId, needsAck));
            return;
        }
        try {
            out.add(route.reply()
                    ? new MqttInbound.CommandReply(route, codec.decodeReply(payload), packetId, needsAck)
                    : new MqttInbound.Request(route, codec.decodeRequest(payload), packetId, needsAck));
        } catch (MessageFormatException e) {
            out.add(new MqttInbound.Rejected(replyTopic(route),
                    DeviceReply.error(MessageCodec.readableId(payload), e.code(), e.getMessage()), packetId, needsAck));
        }
    }

    private TopicRoute route(String topic) {
        if (topic.equals(lastTopic)) {
            return lastRoute;
        }
        TopicRoute route = TopicCatalogue.parse(topic).orElse(null);
        lastTopic = topic;
        lastRoute = route;
        return route;
    }

    private static String replyTopic(TopicRoute route) {
        return route.reply() ? null : route.replyTopic();
    }

    /**
     * The publish's topic, resolving an MQTT 5 topic alias; null when the alias is out of range (DISCONNECT 0x94)
     * or unknown (0x82), after which the connection is closing.
     */
    private String topic(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        String topic = publish.variableHeader().topicName();
        if (!(publish.variableHeader().properties().getProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value())
                instanceof MqttProperties.IntegerProperty aliasProperty)) {
            return topic;
        }
        int alias = aliasProperty.value();
        if (alias < 1 || alias > topicAliasMaximum) {
            MqttReasons.disconnect(ctx.channel(), MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID,
                    "topic alias " + alias + " outside 1.." + topicAliasMaximum);
            return null;
        }
        if (topic != null && !topic.isEmpty()) {
            topicAliases.put(alias, topic);
            return topic;
        }
        String known = topicAliases.get(alias);
        if (known == null) {
            MqttReasons.disconnect(ctx.channel(), MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "topic alias " + alias + " was never set");
        }
        return known;
    }
}
