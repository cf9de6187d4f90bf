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

    /** Refused before reaching a use case; {@code replyTopic} is null when there is nowhere to answer. */
    record Rejected(String replyTopic, DeviceReply reply, int packetId, boolean needsAck) implements MqttInbound {
    }
}
