package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.DeviceSession;
import org.openenos.protocol.MessageCodec;

/** How the gateway ends an MQTT 5 connection: each cause with its DISCONNECT reason code, 3.1.1 just closed. */
class Mqtt5DisconnectTest {
    private static final String POST = "/sys/pkInv/dev1/thing/measurepoint/post";
    private static final String BODY = "{\"id\":\"1\",\"method\":\"thing.measurepoint.post\",\"params\":{}}";

    private static EmbeddedChannel channel(boolean mqtt5, io.netty.channel.ChannelHandler handler) {
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.attr(ChannelAttributes.MQTT5).set(mqtt5);
        return channel;
    }

    private static MqttMessage publish(String topic, Integer alias, MqttQoS qos) {
        MqttProperties properties = new MqttProperties();
        if (alias != null) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value(),
                    alias));
        }
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(1).properties(properties)
                .payload(Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8)).build();
    }

    private static byte reasonOf(EmbeddedChannel channel) {
        MqttMessage disconnect = channel.readOutbound();
        assertThat(disconnect).as("a DISCONNECT").isNotNull();
        assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(channel.isOpen()).isFalse();
        return ((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode();
    }

    private static MqttPublishDecoder decoder() {
        return new MqttPublishDecoder(new MessageCodec(), 1024, 4);
    }

    @Test
    void aTopicAliasSetOnceResolvesLaterPublishesWithAnEmptyTopic() {
        EmbeddedChannel channel = channel(true, decoder());
        channel.writeInbound(publish(POST, 2, MqttQoS.AT_LEAST_ONCE));
        channel.writeInbound(publish("", 2, MqttQoS.AT_LEAST_ONCE));
        MqttInbound.Request first = channel.readInbound();
        MqttInbound.Request second = channel.readInbound();
        assertThat(first.route().topic()).isEqualTo(POST);
        assertThat(second.route().topic()).isEqualTo(POST);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anAliasNeverSetIsAProtocolError() {
        EmbeddedChannel channel = channel(true, decoder());
        channel.writeInbound(publish("", 3, MqttQoS.AT_LEAST_ONCE));
        assertThat(reasonOf(channel)).isEqualTo(MqttReasonCodes.Disconnect.PROTOCOL_ERROR.byteValue());
    }

    @Test
    void anAliasAboveTheAnnouncedMaximumIsRefusedWithTopicAliasInvalid() {
        EmbeddedChannel channel = channel(true, decoder());
        channel.writeInbound(publish(POST, 5, MqttQoS.AT_LEAST_ONCE));
        assertThat(reasonOf(channel)).isEqualTo(MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID.byteValue());
    }

    @Test
    void qos2IsRefusedWithQosNotSupportedForMqtt5AndClosedForMqtt311() {
        EmbeddedChannel v5 = channel(true, decoder());
        v5.writeInbound(publish(POST, null, MqttQoS.EXACTLY_ONCE));
        assertThat(reasonOf(v5)).isEqualTo(MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED.byteValue());

        EmbeddedChannel v3 = channel(false, decoder());
        v3.writeInbound(publish(POST, null, MqttQoS.EXACTLY_ONCE));
        assertThat((Object) v3.readOutbound()).isNull();
        assertThat(v3.isOpen()).isFalse();
    }

    @Test
    void aPacketOverTheLimitEndsTheSessionWithPacketTooLarge() {
        EmbeddedChannel channel = channel(true, new MqttControlHandler());
        channel.writeInbound(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false,
                MqttQoS.AT_LEAST_ONCE, false, 10_000_000), null, null,
                DecoderResult.failure(new TooLongFrameException("too long"))));
        assertThat(reasonOf(channel)).isEqualTo(MqttReasonCodes.Disconnect.PACKET_TOO_LARGE.byteValue());
    }

    @Test
    void aSilentLoggedInClientIsDisconnectedWithKeepAliveTimeout() {
        EmbeddedChannel channel = channel(true, new MqttControlHandler());
        channel.attr(ChannelAttributes.SESSION).set(new DeviceSession(
                new DeviceRef("o1", "a1", "pkInv", "dev1"), false, new MqttDeviceLink(channel, false, null)));
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(reasonOf(channel)).isEqualTo(MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT.byteValue());
    }
}
