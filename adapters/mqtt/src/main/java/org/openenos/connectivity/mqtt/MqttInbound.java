package org.openenos.connectivity.mqtt;

import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.TopicRoute;

/**
 * A decoded PUBLISH on its way through the pipeline. Every variant reaches the route stage, so PUBACKs leave in the
 * order the PUBLISHes came (MQTT 3.1.1 §4.6) even when an early stage already knows the answer.
 */
sealed interface MqttInbound {
    int packetId();

    boolean needsAck();

    /** A request from the device on a device → cloud topic. */
    record Request(TopicRoute route, DeviceRequest request, int packetId, boolean needsAck) implements MqttInbound {
    }

    /** The device's answer to a command, on a {@code _reply} topic. */
    record CommandReply(TopicRoute route, DeviceReply reply, int packetId, boolean needsAck) implements MqttInbound {
    }

    /** A binary frame of a custom-format device on {@code model/up_raw}, for the product's parsing script. */
    record RawRequest(TopicRoute route, byte[] payload, int packetId, boolean needsAck) implements MqttInbound {
    }

    /** A custom-format device's binary answer to a command, on {@code model/down_raw_reply}. */
    record RawCommandReply(TopicRoute route, byte[] payload, int packetId, boolean needsAck) implements MqttInbound {
    }

    /** Refused before reaching a use case; {@code replyTopic} is null when there is nowhere to answer. */
    record Rejected(String replyTopic, DeviceReply reply, int packetId, boolean needsAck) implements MqttInbound {
    }
}
