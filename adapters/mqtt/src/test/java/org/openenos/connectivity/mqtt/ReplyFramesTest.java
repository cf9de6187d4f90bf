package org.openenos.connectivity.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openenos.protocol.TopicCatalogue;
import org.openenos.protocol.TopicRoute;

class ReplyFramesTest {

    /** What Netty's MQTT 3.1.1 encoder writes for the reply PUBLISH and, if any, the PUBACK. */
    private static byte[] encoderBytes(String topic, byte[] payload, int packetId) {
        EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.writeOutbound(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE)
                .retained(false).payload(Unpooled.wrappedBuffer(payload)).build());
        if (packetId >= 0) {
            channel.writeOutbound(MqttMessageBuilders.pubAck().packetId(packetId).build());
        }
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; part.release()) {
            all.writeBytes(part);
        }
        return ByteBufUtil.getBytes(all);
    }

    private static byte[] frameBytes(String topic, byte[] payload, int packetId) {
        ByteBuf frame = ReplyFrames.publishAndAck(ByteBufAllocator.DEFAULT, topic.getBytes(StandardCharsets.UTF_8),
                payload, packetId);
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }

    @Test
    void replyAndPubAckAreTheBytesTheMqttEncoderWrites() {
        String topic = "/sys/pk/dk/thing/measurepoint/post_reply";
        byte[] reply = "{\"id\":\"1\",\"code\":200,\"data\":null,\"message\":\"\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(frameBytes(topic, reply, 65535)).isEqualTo(encoderBytes(topic, reply, 65535));
        assertThat(frameBytes(topic, reply, 1)).isEqualTo(encoderBytes(topic, reply, 1));
    }

    @Test
    void aReplyWithoutPubAckAndLongPayloadsWithMultiByteLengthsMatchTheEncoderToo() {
        String topic = "/sys/pk/dévice/thing/event/über/post_reply";
        for (int size : new int[] {0, 80, 125, 126, 200, 16_380, 16_400, 70_000}) {
            byte[] payload = "x".repeat(size).getBytes(StandardCharsets.UTF_8);
            assertThat(frameBytes(topic, payload, -1)).as("payload of %d bytes", size)
                    .isEqualTo(encoderBytes(topic, payload, -1));
            assertThat(frameBytes(topic, payload, 42)).isEqualTo(encoderBytes(topic, payload, 42));
        }
    }

    @Test
    void theReplyTopicFollowsTheRouteAsTheRouteChanges() {
        ReplyFrames frames = new ReplyFrames();
        TopicRoute first = TopicCatalogue.parse("/sys/pk/a/thing/measurepoint/post").orElseThrow();
        TopicRoute second = TopicCatalogue.parse("/sys/pk/b/thing/measurepoint/post").orElseThrow();
        assertThat(new String(frames.replyTopic(first), StandardCharsets.UTF_8))
                .isEqualTo("/sys/pk/a/thing/measurepoint/post_reply");
        assertThat(new String(frames.replyTopic(second), StandardCharsets.UTF_8))
                .isEqualTo("/sys/pk/b/thing/measurepoint/post_reply");
        assertThat(new String(frames.replyTopic(first), StandardCharsets.UTF_8))
                .isEqualTo("/sys/pk/a/thing/measurepoint/post_reply");
    }
}
