package org.openenos.connectivity.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.openenos.protocol.TopicRoute;

/**
 * The answer to an MQTT 3.1.1 request written as bytes: the QoS 0 PUBLISH of the EnOS reply and the PUBACK, in one
 * buffer. Through the MQTT encoder they were two messages, each encoded with a look-up of the channel's protocol
 * version and the reply topic encoded to UTF-8 again, and two entries in the channel's outbound buffer. MQTT 5 and
 * compressing connections keep the encoder: their packets carry properties or a transformed payload.
 *
 * <p>Event-loop confined, like the handler that owns it: it remembers the reply topic of the last route, which for
 * a device posting on one topic is every route.
 */
final class ReplyFrames {
    private static final int PUBLISH_QOS0 = 0x30;
    private static final int PUBACK = 0x40;

    private TopicRoute lastRoute;
    private byte[] lastReplyTopic;

    /** The reply topic of a request route, as the UTF-8 bytes of the PUBLISH. */
    byte[] replyTopic(TopicRoute route) {
        if (route != lastRoute) {
            lastReplyTopic = route.replyTopic().getBytes(StandardCharsets.UTF_8);
            lastRoute = route;
        }
        return lastReplyTopic;
    }

    /** The PUBLISH of {@code payload} on {@code topic}, followed by the PUBACK of {@code packetId} if it is ≥ 0. */
    static ByteBuf publishAndAck(ByteBufAllocator alloc, byte[] topic, byte[] payload, int packetId) {
        int remaining = 2 + topic.length + payload.length;
        ByteBuf frame = alloc.buffer(1 + lengthBytes(remaining) + remaining + (packetId >= 0 ? 4 : 0));
        frame.writeByte(PUBLISH_QOS0);
        writeLength(frame, remaining);
        frame.writeShort(topic.length);
        frame.writeBytes(topic);
        frame.writeBytes(payload);
        if (packetId >= 0) {
            frame.writeByte(PUBACK);
            frame.writeByte(2);
            frame.writeShort(packetId);
        }
        return frame;
    }

    /** MQTT 3.1.1 §2.2.3: the remaining length in 7-bit groups, least significant first. */
    private static void writeLength(ByteBuf frame, int length) {
        do {
            int digit = length & 0x7f;
            length >>>= 7;
            frame.writeByte(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
    }

    private static int lengthBytes(int length) {
        return length < 128 ? 1 : length < 16_384 ? 2 : length < 2_097_152 ? 3 : 4;
    }
}
