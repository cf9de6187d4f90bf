package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicKind;

class MqttPublishDecoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new MqttPublishDecoder(new MessageCodec(), 64, 16));

    private static MqttPublishMessage publish(String topic, String body, MqttQoS qos) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(7)
                .payload(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8)).build();
    }

    @Test
    void wellFormedRequestBecomesARoutedRequest() {
        channel.writeInbound(publish("/sys/pk/dk/thing/tag/query", "{\"id\":\"1\",\"method\":\"thing.tag.query\"}",
                MqttQoS.AT_LEAST_ONCE));
        MqttInbound.Request request = channel.readInbound();
        assertThat(request.route().kind()).isEqualTo(TopicKind.TAG_QUERY);
        assertThat(request.request().id()).isEqualTo("1");
        assertThat(request.packetId()).isEqualTo(7);
        assertThat(request.needsAck()).isTrue();
    }

    @Test
    void payloadOverTheLimitIsRejectedWith1008OnTheReplyTopic() {
        channel.writeInbound(publish("/sys/pk/dk/thing/tag/query", "x".repeat(65), MqttQoS.AT_MOST_ONCE));
        MqttInbound.Rejected rejected = channel.readInbound();
        assertThat(rejected.reply().code()).isEqualTo(1008);
        assertThat(rejected.replyTopic()).isEqualTo("/sys/pk/dk/thing/tag/query_reply");
    }

    @Test
    void unknownTopicIsRejectedWithNowhereToReply() {
        channel.writeInbound(publish("/somewhere/else", "{}", MqttQoS.AT_LEAST_ONCE));
        MqttInbound.Rejected rejected = channel.readInbound();
        assertThat(rejected.replyTopic()).isNull();
        assertThat(rejected.needsAck()).isTrue();
    }

    @Test
    void qos2ClosesTheConnection() {
        channel.writeInbound(publish("/sys/pk/dk/thing/tag/query", "{}", MqttQoS.EXACTLY_ONCE));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void eachPublishIsRoutedByItsOwnTopicWhenADeviceAlternatesBetweenTopics() {
        String[] topics = {"/sys/pk/dk/thing/tag/query", "/sys/pk/dk/thing/tag/query", "/sys/pk/sub/thing/tag/query",
                "/nowhere", "/sys/pk/dk/thing/tag/query"};
        for (String topic : topics) {
            channel.writeInbound(publish(topic, "{\"id\":\"1\",\"method\":\"thing.tag.query\"}",
                    MqttQoS.AT_LEAST_ONCE));
        }
        assertThat(((MqttInbound.Request) channel.readInbound()).route().deviceKey()).isEqualTo("dk");
        assertThat(((MqttInbound.Request) channel.readInbound()).route().deviceKey()).isEqualTo("dk");
        assertThat(((MqttInbound.Request) channel.readInbound()).route().deviceKey()).isEqualTo("sub");
        assertThat((Object) channel.readInbound()).isInstanceOf(MqttInbound.Rejected.class);
        assertThat(((MqttInbound.Request) channel.readInbound()).route().deviceKey()).isEqualTo("dk");
    }
}
